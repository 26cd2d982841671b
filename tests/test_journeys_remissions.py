"""Browser journeys of remissions: a parent applies for help with a child's fees, the hub admin approves it
and the parent sees it approved; staff add a category."""

import re

import pytest
from playwright.sync_api import expect

from hub.billing.models import RemissionCategory
from schools.models import RemissionAward
from tests.conftest import sign_in
from tests.error_pattern import check_error_pattern, expect_field_error
from tests.tuition_factories import RemissionCategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_parent_applies_for_a_remission_and_the_hub_admin_approves_it(
    page, live_server, accessible, year, guardian, child, hub_admin, mailoutbox
):
    RemissionCategoryFactory(evidence_needed="A letter from the school confirming free school meals")
    RemissionCategoryFactory(
        name="Looked after", reason="looked_after", evidence_needed="The social worker's letter"
    )
    sign_in(page, live_server, guardian.user.email)
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    expect(page.get_by_text("None applied for.")).to_be_visible()
    accessible(page, "family-home")
    page.get_by_role("link", name="Apply for help with fees for Amira").click()
    expect(page.get_by_role("heading", name="Apply for help with Amira's fees")).to_be_visible()
    accessible(page, "apply")

    page.get_by_role("button", name="Send application").click()
    check_error_pattern(
        page,
        [
            "Choose the kind of help you are applying for.",
            "Describe the evidence you can show, e.g. a letter from the school.",
        ],
    )
    expect_field_error(
        page,
        page.get_by_label("Your evidence"),
        "Describe the evidence you can show, e.g. a letter from the school.",
    )
    accessible(page, "apply-errors")
    page.get_by_role("radio", name=re.compile("^Free school meals or pupil premium")).check()
    expect(page.get_by_role("radio", name=re.compile(r"^2026\/27"))).to_be_checked()
    page.get_by_label("Your evidence").fill("A letter from Hillside Primary dated 4 September 2026.")
    page.get_by_role("button", name="Send application").click()

    expect(
        page.get_by_text("Your application for Free school meals or pupil premium for Amira")
    ).to_be_visible()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    help_section = page.get_by_role("region", name="Help with fees")
    expect(help_section.get_by_text("Free school meals or pupil premium, 2026/27")).to_be_visible()
    expect(help_section.get_by_text("Waiting for a decision")).to_be_visible()
    accessible(page, "applied")
    _sign_out(page)

    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Remissions").click()
    expect(page.get_by_role("heading", name="Remission applications")).to_be_visible()
    expect(page.get_by_text("1 application waiting for a decision")).to_be_visible()
    accessible(page, "queue")
    page.get_by_role("link", name=f"{child.last_name}, Amira").click()
    expect(page.get_by_role("heading", name=f"Application for {child.full_name}")).to_be_visible()
    expect(page.get_by_text("A letter from Hillside Primary dated 4 September 2026.")).to_be_visible()
    accessible(page, "application")
    page.get_by_role("radio", name="Decline").check()
    page.get_by_role("button", name="Record the decision").click()
    expect_field_error(
        page,
        page.get_by_label("Note to the family"),
        "Say why the application is declined: the family is told.",
    )
    accessible(page, "decline-without-a-note")
    page.get_by_role("radio", name="Approve").check()
    page.get_by_label("Note to the family").fill("Thank you: the letter is on file.")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text(f"{child.full_name}'s application is approved; the family is told.")
    ).to_be_visible()
    expect(page.get_by_text("0 applications waiting for a decision")).to_be_visible()
    accessible(page, "approved")
    _sign_out(page)

    assert RemissionAward.objects.get().status == RemissionAward.Status.APPROVED
    [mail] = [m for m in mailoutbox if "fees" in m.subject]
    assert mail.subject.endswith("Help with Amira's fees for 2026/27 is approved")
    link = re.search(r"http://\S+/family/children/\S+/", mail.body).group(0)

    sign_in(page, live_server, guardian.user.email)
    card = page.get_by_role("article").filter(has_text=child.full_name)
    expect(card.get_by_text("Free school meals or pupil premium, 2026/27")).to_be_visible()
    expect(card.get_by_text("Approved")).to_be_visible()
    page.goto(link)
    help_section = page.get_by_role("region", name="Help with fees")
    expect(help_section.get_by_text("Approved")).to_be_visible()
    accessible(page, "parent-sees-approved")


def test_finance_adds_a_capped_category_after_a_mistake_is_explained(page, live_server, accessible, finance):
    sign_in(page, live_server, finance.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Remissions").click()
    page.get_by_role("navigation", name="Remissions").get_by_role("link", name="Categories").click()
    expect(page.get_by_role("heading", name="Remission categories")).to_be_visible()
    accessible(page, "categories-empty")
    page.get_by_role("link", name="Add a category").click()
    page.get_by_label("Name").fill("Low household income")
    page.get_by_label("Reason").select_option(label="Low household income")
    page.get_by_role("radio", name="A percentage of the fee").check()
    page.get_by_label("Percentage off").fill("150")
    page.get_by_label("Most off a term (£), if capped").fill("80")
    page.get_by_label("Evidence a family shows").fill("A Universal Credit statement")
    accessible(page, "category-form")
    page.get_by_role("button", name="Save category").click()
    expect_field_error(page, page.get_by_label("Percentage off"), "Give a percentage of no more than 100.")
    accessible(page, "category-errors")
    page.get_by_label("Percentage off").fill("50")
    page.get_by_role("checkbox", name="Ensembles").uncheck()
    page.get_by_role("button", name="Save category").click()

    expect(page.get_by_text("Low household income is saved.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Low household income"))
    expect(row.get_by_text("50% off, at most £80.00 a term: lessons and instrument hire")).to_be_visible()
    accessible(page, "categories")
    category = RemissionCategory.objects.get()
    assert (category.percent, category.cap_per_term, category.covers_ensembles) == (50, 80, False)
