"""Browser journeys: every form shows its errors in one way (hub/form_errors.py), and the SLA order form's
Enter key and running total do what a keyboard or screen reader user expects."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import Pupil, Subscription
from tests import sla_factories
from tests.conftest import sign_in
from tests.error_pattern import check_error_pattern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_password_opens_on_the_summary_which_leads_to_the_email_address(
    page, live_server, accessible, guardian
):
    sign_in(page, live_server, guardian.user.email, "not-the-password")
    accessible(page, "sign-in-errors")
    check_error_pattern(page, ["The email address and/or password you specified are not correct."])
    expect(page.get_by_label("Email")).to_have_accessible_description(
        "Error: The email address and/or password you specified are not correct."
    )


def test_bad_child_details_open_on_the_summary_and_each_error_leads_to_its_field(
    page, live_server, accessible, guardian, school
):
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Tom")
    page.get_by_label("Date of birth").fill("2099-01-01")
    page.get_by_role("button", name="Add child").click()
    accessible(page, "add-child-errors")
    check_error_pattern(
        page,
        [
            "Last name: This field is required.",
            "The date of birth cannot be in the future.",
            "Choose your child's school, or tick the box if it is not listed.",
        ],
    )
    # The school's message joins its help text, which the field still names (the hint first, as GOV.UK does).
    expect(page.get_by_label("School", exact=True)).to_have_accessible_description(
        re.compile(r"^Type part of its name or town, .* Error: Choose your child.s school, or tick the box")
    )
    assert not Pupil.objects.filter(first_name="Tom").exists()


def _start_order(page, live_server, school, contact, standard):
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    page.get_by_role("link", name=f"Start the {standard.catalogue.financial_year} order").click()


def test_an_order_with_errors_opens_on_the_summary_and_the_package_group_carries_its_error(
    page, live_server, accessible, school, contact
):
    standard = sla_factories.make_catalogue()
    _start_order(page, live_server, school, contact, standard)
    page.get_by_label("No package: extra services only").check()
    page.get_by_role("button", name="Save draft and review").click()
    accessible(page, "order-package-error")

    [package] = check_error_pattern(page, ["Choose a package or add at least one service."])
    assert package["legend"] == "Package"
    expect(page.get_by_label("Silver: £2,450.00")).to_be_focused()
    expect(page.get_by_role("group", name="Package")).to_have_accessible_description(
        "Error: Choose a package or add at least one service."
    )

    # Enter in a quantity saves the order (and so checks it), rather than adding a line.
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    page.get_by_label("Quantity (line 1)").fill("lots")
    page.get_by_label("Quantity (line 1)").press("Enter")
    accessible(page, "order-quantity-error")
    check_error_pattern(page, ["Enter a number."])
    expect(page.get_by_label("Quantity (line 3)")).to_have_count(0)
    assert not Subscription.objects.exists()


def test_enter_in_a_quantity_saves_the_order_rather_than_adding_a_line(page, live_server, school, contact):
    standard = sla_factories.make_catalogue()
    _start_order(page, live_server, school, contact, standard)
    page.get_by_label("Silver: £2,450.00").check()
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    page.get_by_label("Quantity (line 1)").fill("2")
    page.get_by_label("Quantity (line 1)").press("Enter")
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    assert Subscription.objects.get().lines.get().service == standard.cpd


def test_the_running_total_is_announced_alone_not_the_whole_table(
    page, live_server, accessible, school, contact
):
    standard = sla_factories.make_catalogue()
    _start_order(page, live_server, school, contact, standard)
    status = page.get_by_role("status")
    expect(status).to_have_text("")
    page.get_by_label("Silver: £2,450.00").check()
    expect(status).to_have_text("Total £2,450.00")
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    page.get_by_label("Quantity (line 1)").fill("2")
    expect(status).to_have_text("Total £2,882.00")
    expect(page.get_by_test_id("order-total")).to_have_text("£2,882.00")
    # Nothing else on the page speaks as it changes: the table of lines is not in a live region.
    assert page.get_by_test_id("order-total").evaluate("(total) => total.closest('[aria-live]')") is None
    assert page.locator("[aria-live], [role=status], [role=alert]").count() == 1
    accessible(page, "order-total-announced")
