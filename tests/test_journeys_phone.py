"""On a phone (390 px wide) a school contact reads an invoice's figures without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from schools.models import School
from tests.conftest import ARTIFACTS, sign_in
from tests.test_billing_services import issue, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _visible_on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_a_school_contact_reads_net_vat_and_total_of_an_invoice_on_a_phone(
    page, live_server, accessible, contact, school
):
    account = make_account(f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    invoice = issue(account, "sla:phone:1")  # Service 1 £100 + Service 2 £50, no VAT
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/invoices/{invoice.public_id}/")
    expect(page.get_by_role("heading", name=f"Invoice {invoice.display_number}")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "phone-invoice-390.png", full_page=True)
    lines = page.get_by_role("table", name=f"Lines of {invoice.display_number}")
    for label, figure in (("Net", "£150.00"), ("VAT", "£0.00"), ("Total", "£150.00")):
        row = lines.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        cell = row.get_by_text(figure, exact=True)
        expect(cell).to_be_visible()
        assert _visible_on_screen(cell), f"{label} is off the screen: {cell.bounding_box()}"
    first_line = lines.get_by_role("row").filter(has_text="Service 1")
    net = first_line.get_by_text("£100.00", exact=True).last  # the first is the unit price, hidden here
    assert _visible_on_screen(net), f"a line's net is off the screen: {net.bounding_box()}"
    accessible(page, "phone-invoice")
