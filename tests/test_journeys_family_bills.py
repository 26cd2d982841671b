"""Browser journeys of a parent with a bill: download it, pay it through (a local fake of) GOV.UK Pay."""

import re

import pytest
from playwright.sync_api import expect

from hub.billing.models import OnlinePayment, Payment
from hub.billing.tasks import render_invoice_pdf
from tests.conftest import sign_in
from tests.test_billing_documents import pdf_text
from tests.test_family_bills import family_invoice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bill(guardian, child):
    invoice = family_invoice(guardian)
    render_invoice_pdf(invoice.pk)  # the worker's turn: the download serves what it kept
    return invoice


def _open_the_bill(page, live_server, accessible, bill):
    sign_in(page, live_server, "parent@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bills").click()
    expect(page.get_by_role("heading", name="Bills", exact=True)).to_be_visible()
    expect(page.get_by_text("Balance: £108.00 to pay.")).to_be_visible()
    accessible(page, "bills")
    page.get_by_role("link", name=bill.display_number, exact=True).click()
    expect(page.get_by_role("heading", name=f"Bill {bill.display_number}")).to_be_visible()


def test_6_the_parent_downloads_the_bill_whose_text_shows_its_lines_and_total(
    page, live_server, accessible, bill, guardian, tmp_path, settings
):
    settings.GOVUK_PAY_API_KEY = ""  # this hub takes bank transfers only
    _open_the_bill(page, live_server, accessible, bill)
    bank_transfer_only = "Card payments are not available at the moment: pay by bank transfer."
    expect(page.get_by_text(bank_transfer_only)).to_be_visible()
    accessible(page, "bill-bank-transfer-only")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{bill.display_number}.pdf"
    saved = tmp_path / "bill.pdf"
    download.save_as(saved)
    text = pdf_text(saved.read_bytes())
    # A family's bill prints child by child: the child's name heads their lines.
    assert "Amira" in text and "violin lessons, autumn term 2026" in text
    assert "free school meals remission" in text
    assert "−£12.00" in text and "£120.00" in text and bill.display_number in text
    assert re.search(r"Total due\s+£108\.00", text) and guardian.user.get_full_name() in text


def test_7_the_parent_pays_the_bill_through_gov_uk_pay_and_it_shows_paid(
    page, live_server, accessible, bill, govuk_pay
):
    _open_the_bill(page, live_server, accessible, bill)
    accessible(page, "bill-to-pay")
    page.get_by_role("button", name="Pay £108.00 now").click()
    # GOV.UK Pay's card page is theirs, not ours: not checked with axe here.
    expect(page.get_by_role("heading", name="Enter card details")).to_be_visible()
    expect(page.get_by_text("Total amount: £108.00")).to_be_visible()
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(page.get_by_role("heading", name=f"Bill {bill.display_number}")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_contain_text(
        "your payment of £108.00 was taken"
    )
    expect(page.get_by_text("Paid", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="Pay £108.00 now")).to_have_count(0)
    accessible(page, "bill-paid")
    payment = Payment.objects.get()
    assert payment.method == "card" and payment.provider_id == OnlinePayment.objects.get().provider_id
    page.get_by_role("link", name="Bills", exact=True).first.click()
    expect(page.get_by_text("Balance: £0.00.")).to_be_visible()


def test_a_declined_card_tells_the_parent_and_they_can_try_again(
    page, live_server, accessible, bill, govuk_pay
):
    _open_the_bill(page, live_server, accessible, bill)
    page.get_by_role("button", name="Pay £108.00 now").click()
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Your payment of £108.00 was declined, so nothing was taken. You can try again"
    )
    accessible(page, "bill-declined")
    assert not Payment.objects.exists()
    page.get_by_role("button", name="Pay £108.00 now").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status").filter(has_text="cancelled")).to_contain_text(
        "You cancelled the payment, so nothing was taken."
    )
    assert list(OnlinePayment.objects.values_list("state", flat=True).order_by("created_at")) == [
        "failed",
        "cancelled",
    ]
