"""The demo sign-ins walk their journeys on a freshly seeded hub: the school pays and orders next year,
finance sees debt, the tutor records delivery at their own school."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hub.billing.selectors import invoices_for_account
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.scale import SMALL
from schools.models import SchoolContact
from tests.conftest import current_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_school(staff_groups):
    seed_demo_hub(scale=SMALL, today=timezone.localdate())
    return SchoolContact.objects.select_related("school").get(user__email=signins.SCHOOL.email).school


def _staff_sign_in(page, live_server, sign_in_as):
    sign_in(page, live_server, sign_in_as.email, password=signins.DEMO_PASSWORD)
    # The demo's code, waiting for the next one in a window's last seconds (as conftest's current_totp does):
    # a code that turns over between typing and sending is refused.
    page.get_by_label("Code").fill(current_totp(signins.DEMO_TOTP_SECRET))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()


def test_the_demo_school_sees_what_it_owes_and_orders_next_years_sla(
    page, live_server, accessible, demo_school
):
    invoice = invoices_for_account(demo_school.billing_account).get()
    sign_in(page, live_server, signins.SCHOOL.email, password=signins.DEMO_PASSWORD)
    page.get_by_role("link", name=demo_school.name).click()
    page.get_by_role("link", name="Invoices, payments and balance").click()
    expect(page.get_by_text(re.compile(r"Balance: £[\d,]+\.\d\d to pay\."))).to_be_visible()
    accessible(page, "school-invoices")
    page.get_by_role("link", name=invoice.display_number, exact=True).click()
    expect(page.locator(".badge", has_text=re.compile("Part-paid|Overdue"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Payments received"))).to_be_visible()
    accessible(page, "school-invoice")

    page.get_by_role("link", name=demo_school.name).click()
    page.get_by_role("link", name="Service Level Agreement: orders and delivery").click()
    page.get_by_role("link", name="Start the 2027-28 order").click()
    expect(page.get_by_role("heading", name="SLA order 2027-28")).to_be_visible()
    page.get_by_label(re.compile(r"^Silver: £")).check()
    page.get_by_role("button", name="Save draft and review").click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    page.get_by_label("I accept the terms on behalf of the school").check()
    page.get_by_label("Your full name").fill("Janet Brook")
    page.get_by_role("button", name="Submit the order").click()
    expect(page.get_by_text("Your order has been submitted.")).to_be_visible()
    accessible(page, "next-year-submitted")


def test_demo_finance_sees_debt_on_the_home_page_and_in_aged_debt(page, live_server, accessible, demo_school):
    _staff_sign_in(page, live_server, signins.FINANCE)
    owed = page.locator(".card", has_text="Owed to the hub")
    expect(owed).to_contain_text(re.compile(r"£[1-9][\d,]*\.\d\d"))
    assert owed.locator(".stat").bounding_box()["height"] < 50, "the sum owed breaks over two lines"
    accessible(page, "finance-home")
    page.get_by_role("link", name="Aged debt").first.click()
    page.get_by_label("Owing").select_option(label="Over 90 days overdue")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table").get_by_role("row")).not_to_have_count(2)  # header + "nothing is owed"
    accessible(page, "aged-debt-over-90")


def test_the_demo_tutor_records_delivery_at_their_own_school_as_themselves(
    page, live_server, accessible, demo_school
):
    _staff_sign_in(page, live_server, signins.TUTOR)
    page.get_by_role("link", name="Record SLA delivery in a school").click()
    expect(page.get_by_label("Schools")).to_have_value("mine")
    orders = page.get_by_role("table", name="Approved orders").get_by_role("row")
    expect(orders).to_have_count(1 + SMALL.tutor_schools)
    accessible(page, "my-schools")
    page.get_by_role("link", name=demo_school.name).click()
    expect(page.get_by_label("Delivered by").locator("option:checked")).to_have_text(
        f"{signins.TUTOR.first_name} {signins.TUTOR.last_name}"
    )
    page.get_by_label("Service").select_option(index=1)
    page.get_by_label("Quantity").fill("1")
    page.get_by_label("Class", exact=False).first.fill("Year 4 Ash")
    page.get_by_label("Pupils reached").fill("27")
    page.get_by_role("button", name="Record delivery").click()
    expect(page.get_by_text("Recorded: 1 ")).to_be_visible()
    accessible(page, "delivery-recorded")
