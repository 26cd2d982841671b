"""Browser journeys of a parent or carer."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import EqualityRecord, Pupil
from tests.conftest import sign_in
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
    page.get_by_label("School", exact=True).select_option(label=f"{school.name}, {school.town}")
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
