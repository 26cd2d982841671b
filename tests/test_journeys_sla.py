"""Browser journeys of the SLA: a school orders and submits, finance approves, staff record delivery."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schools import pricing
from schools.models import Delivery, Subscription
from schools.services import orders as order_services
from tests import sla_factories
from tests.conftest import ensure_staff_groups, sign_in
from tests.error_pattern import expect_field_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def standard(staff_groups):
    return sla_factories.make_catalogue()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_school_contact_orders_a_package_with_an_extra_line_and_submits(
    page, live_server, accessible, standard, school, contact, other_school, mailoutbox
):
    year = standard.catalogue.financial_year.name
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    expect(page.get_by_role("heading", name="Service Level Agreement")).to_be_visible()
    accessible(page, "school-sla")
    page.get_by_role("link", name=f"Start the {year} order").click()
    expect(page.get_by_role("heading", name=f"SLA order {year}")).to_be_visible()
    accessible(page, "order-form")

    page.get_by_label("Silver: £2,450.00").check()
    total = page.get_by_test_id("order-total")
    expect(total).to_have_text("£2,450.00")
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    page.get_by_label("Quantity (line 1)").fill("2")
    # 2 × £180 plus 20% VAT on top of the package, recomputed by the server as they type.
    expect(total).to_have_text("£2,882.00")
    expect(page.get_by_text("3 termly instalments: £960.67, £960.67, £960.66.")).to_be_visible()
    page.get_by_label("One annual payment").check()
    expect(page.get_by_text("One payment of £2,882.00.")).to_be_visible()
    accessible(page, "order-form-filled")
    page.get_by_role("button", name="Save draft and review").click()

    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.get_by_text("Sessions the school cancels with less than 48 hours")).to_be_visible()
    accessible(page, "review")
    page.get_by_role("button", name="Submit the order").click()
    expect_field_error(
        page,
        page.get_by_label("I accept the terms on behalf of the school"),
        "Tick the box to accept the terms.",
    )
    page.get_by_label("I accept the terms on behalf of the school").check()
    page.get_by_label("Your full name").fill("Jo Bursar")
    page.get_by_role("button", name="Submit the order").click()

    expect(page.get_by_text("Your order has been submitted.")).to_be_visible()
    expect(page.get_by_text("Terms accepted by Jo Bursar")).to_be_visible()
    expect(page.get_by_role("link", name="Change the order")).to_have_count(0)
    accessible(page, "submitted")
    order = Subscription.objects.get(school=school)
    assert order.status == Subscription.Status.SUBMITTED and order.instalments == 1
    assert pricing.subscription_totals(order).total == Decimal("2882.00")

    # Another school's order page is not there for them.
    other = sla_factories.make_order(school=other_school, standard=standard)
    response = page.goto(f"{live_server.url}/schools/{other_school.urn}/sla/orders/{other.public_id}/")
    assert response.status == 404


def test_finance_approves_a_submitted_order_and_the_school_sees_it_approved(
    page, live_server, accessible, standard, school, contact, finance
):
    order = sla_factories.make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])
    order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
    year = standard.catalogue.financial_year.name

    sign_in(page, live_server, finance.email, totp=True)
    page.goto(f"{live_server.url}/staff/sla/orders/")
    expect(page.get_by_role("heading", name="Schools' SLA orders")).to_be_visible()
    page.get_by_label("Status").select_option(label="Submitted")
    page.get_by_role("button", name="Filter").click()
    accessible(page, "order-list")
    page.get_by_role("link", name=school.name).click()
    expect(page.get_by_role("heading", name=f"{school.name}: SLA order {year}")).to_be_visible()
    accessible(page, "order-detail")
    page.get_by_role("button", name="Return to the school").click()
    expect_field_error(
        page, page.get_by_label("Why are you returning it?"), "Say why the order is being returned."
    )
    page.get_by_role("button", name="Approve the order").click()
    expect(page.get_by_text(f"The order from {school.name} is approved")).to_be_visible()
    accessible(page, "approved")
    _sign_out(page)

    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    row = page.get_by_role("row", name=re.compile(year))
    expect(row.get_by_text("Approved")).to_be_visible()
    accessible(page, "school-sees-approved")
    page.get_by_role("link", name=f"Open the {year} order").click()
    expect(page.get_by_role("heading", name="Bought and delivered")).to_be_visible()
    accessible(page, "order-approved")


def test_staff_record_a_delivery_and_the_school_sees_bought_delivered_and_remaining(
    page, live_server, accessible, standard, school, contact, tutor
):
    ensure_staff_groups()
    order = sla_factories.make_order(school=school, standard=standard, status="approved")
    tutor.first_name, tutor.last_name = "Tariq", "Hussain"
    tutor.save()
    year = standard.catalogue.financial_year.name

    sign_in(page, live_server, tutor.email, totp=True)
    page.goto(f"{live_server.url}/staff/sla/delivery/")
    page.get_by_label("School name or URN").fill("Hillside")
    page.get_by_role("button", name="Search").click()
    accessible(page, "delivery-search")
    page.get_by_role("link", name=school.name).click()
    expect(page.get_by_role("heading", name="Record delivery")).to_be_visible()
    accessible(page, "delivery-form")
    page.get_by_label("Service").select_option(label="Whole-class ensemble teaching")
    page.get_by_label("Quantity").fill("1")
    page.get_by_label("Delivered by").select_option(label="Tariq Hussain")
    page.get_by_role("button", name="Record delivery").click()
    expect_field_error(
        page,
        page.get_by_label("Class", exact=False).first,
        "Whole-class ensemble teaching is class teaching: give the class.",
    )
    accessible(page, "delivery-errors")
    page.get_by_label("Class", exact=False).first.fill("Year 4 Oak")
    page.get_by_label("Pupils reached").fill("28")
    page.get_by_role("button", name="Record delivery").click()
    expect(page.get_by_text("Recorded: 1 Whole-class ensemble teaching")).to_be_visible()
    page.get_by_label("Service").select_option(label="Instrumental teaching")
    page.get_by_label("Quantity").fill("6.5")
    page.get_by_label("Delivered by").select_option(label="Tariq Hussain")
    page.get_by_role("button", name="Record delivery").click()
    expect(page.get_by_text("Recorded: 6.5 Instrumental teaching")).to_be_visible()
    assert Delivery.objects.filter(subscription=order, delivered_on=timezone.localdate()).count() == 2
    _sign_out(page)

    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    page.get_by_role("link", name=f"Delivery {year}").click()
    expect(page.get_by_role("heading", name=f"Delivery {year}")).to_be_visible()
    teaching = page.get_by_role("row", name=re.compile("^Instrumental teaching"))
    expect(teaching).to_contain_text("40")
    expect(teaching).to_contain_text("6.50")
    expect(teaching).to_contain_text("33.50")
    wcet = page.get_by_role("row", name=re.compile("^Whole-class ensemble teaching Class"))
    expect(wcet).to_have_text(re.compile(r"Whole-class ensemble teaching\s*Class\s*1\s*1\s*0"))
    expect(page.get_by_role("cell", name="Year 4 Oak")).to_be_visible()
    accessible(page, "usage")
