"""Browser journeys: a school sees on its order the instalments its invoices charge, and an absurd quantity
is refused next to its field."""

from decimal import Decimal

import pytest
from django.db import transaction
from playwright.sync_api import expect

from schools.services import invoicing
from tests import sla_factories
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(staff_groups):
    return sla_factories.CatalogueFactory()


def test_a_school_sees_on_its_order_the_instalments_its_invoices_charge(
    page, live_server, accessible, catalogue, school, contact
):
    package = sla_factories.PackageFactory(catalogue=catalogue, name="Core", price=Decimal("1000.00"))
    teaching = sla_factories.ServiceFactory(
        catalogue=catalogue, name="Instrumental teaching", unit_price=Decimal("25.00")
    )
    order = sla_factories.SubscriptionFactory(
        school=school, catalogue=catalogue, package=package, status="approved"
    )
    sla_factories.SubscriptionLineFactory(subscription=order, service=teaching, quantity=Decimal("10"))
    with transaction.atomic():
        invoices = [
            invoicing.invoice_for_instalment(subscription=order, instalment=n, by=None) for n in (1, 2, 3)
        ]
    year = catalogue.financial_year

    sign_in(page, live_server, contact.user.email)
    page.get_by_role("link", name=school.name).click()
    page.get_by_role("link", name="Service Level Agreement: orders and delivery").click()
    page.get_by_role("link", name=f"Open the {year} order").click()
    instalments = page.locator("#instalments")
    for number, amount in ((1, "£416.67"), (2, "£416.67"), (3, "£416.66")):
        row = instalments.get_by_role("row", name=f"Instalment {number}")
        expect(row).to_contain_text(amount)
    accessible(page, "order-instalments")

    page.get_by_role("link", name=school.name).first.click()
    page.get_by_role("link", name="Invoices, payments and balance").click()
    for invoice in invoices:
        expect(page.get_by_role("row", name=invoice.display_number)).to_contain_text(f"£{invoice.total:,.2f}")
    accessible(page, "school-invoices")
    page.get_by_role("link", name=invoices[0].display_number, exact=True).click()
    expect(page.get_by_text("Instrumental teaching: 10 hours at £25.00 (instalment 1 of 3)")).to_be_visible()
    expect(page.get_by_text("Core package (instalment 1 of 3)")).to_be_visible()
    accessible(page, "invoice")


def test_an_absurd_quantity_is_refused_next_to_its_field(page, live_server, accessible, school, contact):
    standard = sla_factories.make_catalogue()
    year = standard.catalogue.financial_year
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/sla/")
    page.get_by_role("link", name=f"Start the {year} order").click()
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    quantity = page.get_by_label("Quantity (line 1)")
    quantity.fill("99999999.99")
    page.get_by_role("button", name="Save draft and review").click()
    expect(quantity).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("A quantity can be at most 10,000.").first).to_be_visible()
    accessible(page, "absurd-quantity")
