"""Browser journeys of a parent or carer."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import EqualityRecord, Pupil
from tests.conftest import ARTIFACTS, sign_in
from tests.error_pattern import expect_field_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link_from(mail, pattern: str) -> str:
    return re.search(pattern, mail.body).group(0)


def test_parent_registers_verifies_adds_a_child_with_equality_data(
    page, live_server, mailoutbox, accessible, year, school
):
    page.goto(live_server.url)
    accessible(page, "landing")
    page.get_by_role("link", name="Register as a parent or carer").click()
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email").fill("priya.shah@example.org")
    page.get_by_role("textbox", name="Password", exact=True).fill("violin-lessons-2026")
    page.get_by_label("Password (again)").fill("violin-lessons-2026")
    accessible(page, "signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    accessible(page, "verification-sent")

    assert len(mailoutbox) == 1
    link = _link_from(mailoutbox[0], r"http://\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    accessible(page, "confirm")
    page.get_by_role("button", name="Confirm").click()

    # Verified and signed in: the family home is theirs.
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "priya.shah@example.org", "violin-lessons-2026")
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    accessible(page, "family-home")

    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Anya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Date of birth").fill("2017-05-02")
    school_box = page.get_by_role("combobox", name="School", exact=True)
    school_box.press_sequentially("hills")
    # Headless Chromium draws no datalist popup: choosing a suggestion puts its value in the box, as here.
    suggestions = page.locator(f"datalist#{school_box.get_attribute('list')} option")
    suggested = suggestions.evaluate_all(
        "(options, typed) => options.map(o => o.value).filter(v => v.toLowerCase().includes(typed))", "hills"
    )
    assert suggested == [f"{school.name} ({school.urn})"]
    school_box.fill(suggested[0])
    page.get_by_label("Ethnicity").select_option(label="Asian or Asian British - Indian")
    page.get_by_label("Eligible for free school meals").select_option(label="Yes")
    accessible(page, "add-child")
    page.get_by_role("button", name="Add child").click()

    expect(page.get_by_role("heading", name="Anya Shah")).to_be_visible()
    expect(page.get_by_text("Asian or Asian British - Indian")).to_be_visible()
    expect(page.get_by_text("Year 5", exact=True)).to_be_visible()
    accessible(page, "child")
    page.get_by_role("link", name="My family").first.click()
    expect(page.get_by_role("link", name="Anya Shah")).to_be_visible()

    anya = Pupil.objects.get(first_name="Anya")
    assert anya.guardians.get().user.email == "priya.shah@example.org"
    assert EqualityRecord.objects.get(pupil=anya).free_school_meals is True


def test_bad_child_details_are_explained_next_to_the_field_and_nothing_is_saved(
    page, live_server, accessible, guardian, school
):
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Tom")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Date of birth").fill("2099-01-01")
    page.get_by_role("button", name="Add child").click()
    expect_field_error(page, page.get_by_label("Date of birth"), "The date of birth cannot be in the future.")
    expect_field_error(
        page,
        page.get_by_label("School", exact=True),
        "Choose your child's school, or tick the box if it is not listed.",
    )
    accessible(page, "errors")
    assert not Pupil.objects.filter(first_name="Tom").exists()


def test_a_parent_without_javascript_types_the_school_and_adds_a_child(
    browser, live_server, guardian, school
):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(8_000)
    page = context.new_page()
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Leo")
    page.get_by_label("Last name").fill("Ng")
    page.get_by_label("Date of birth").fill("2016-03-04")
    page.get_by_role("combobox", name="School", exact=True).fill("hillside")
    page.get_by_role("button", name="Add child").click()
    # Without scripts the summary still links to the field, and the message stands next to it.
    expect_field_error(
        page,
        page.get_by_role("combobox", name="School", exact=True),
        "No school in the register matches “hillside”.",
    )
    # axe cannot run where scripts are off; the same page is checked with scripts on above.
    page.screenshot(path=ARTIFACTS / "no-javascript-school-not-found.png", full_page=True)
    page.get_by_role("combobox", name="School", exact=True).fill(f"{school.name} ({school.urn})")
    page.get_by_role("button", name="Add child").click()
    expect(page.get_by_role("heading", name="Leo Ng")).to_be_visible()
    assert Pupil.objects.get(first_name="Leo").school == school
    context.close()
