"""Browser journeys of the ledger: finance settles an invoice; a school contact downloads theirs."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from hub.billing.tasks import render_invoice_pdf
from schools.models import School
from tests.conftest import sign_in
from tests.error_pattern import expect_field_error
from tests.test_billing_documents import pdf_text
from tests.test_billing_services import issue, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school_invoice(school):
    account = make_account(f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    return issue(account, "sla:journey:1")  # Service 1 £100 + Service 2 £50


def test_finance_records_a_part_payment_then_the_rest_and_sees_the_invoice_paid(
    page, live_server, accessible, finance, school_invoice
):
    sign_in(page, live_server, finance.email, totp=True)
    page.goto(f"{live_server.url}/staff/billing/")
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    accessible(page, "invoice-list")
    page.get_by_label("Number, name or account reference").fill("Hillside")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=school_invoice.display_number).click()
    expect(page.get_by_role("heading", name=f"Invoice {school_invoice.display_number}")).to_be_visible()
    accessible(page, "invoice-detail")

    page.get_by_label("Amount received").fill("400.00")
    page.get_by_role("button", name="Record payment").click()
    expect_field_error(
        page,
        page.get_by_label("Amount received"),
        f"£400.00 is more than the £150.00 outstanding on {school_invoice.display_number}.",
    )
    accessible(page, "overpayment-refused")

    page.get_by_label("Amount received").fill("60.00")
    page.get_by_label("Method").select_option(label="Cheque")
    page.get_by_label("Reference").fill("CHQ 100234")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £60.00 recorded")).to_be_visible()
    expect(page.locator(".badge", has_text="Part-paid")).to_be_visible()

    page.get_by_label("Amount received").fill("90.00")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £90.00 recorded")).to_be_visible()
    expect(page.locator(".badge").get_by_text("Paid", exact=True)).to_be_visible()
    expect(page.get_by_text("Nothing is outstanding on this invoice.")).to_be_visible()
    accessible(page, "paid")

    page.get_by_role("link", name="Statement for Hillside Primary School").click()
    expect(page.get_by_text("Balance: £0.00")).to_be_visible()
    accessible(page, "statement")
    page.goto(f"{live_server.url}/staff/billing/aged-debt/")
    accessible(page, "aged-debt")
    page.get_by_role("link", name="Export for the finance system").click()
    accessible(page, "export")


def test_a_school_contact_opens_their_invoices_and_downloads_the_pdf(
    page, live_server, accessible, contact, school, school_invoice, tmp_path
):
    sign_in(page, live_server, contact.user.email)
    expect(page.get_by_role("heading", name="My schools")).to_be_visible()
    page.goto(f"{live_server.url}/schools/{school.urn}/invoices/")
    expect(page.get_by_role("heading", name=f"Invoices for {school.name}")).to_be_visible()
    expect(page.get_by_text("Balance: £150.00 to pay.")).to_be_visible()
    accessible(page, "school-invoices")
    page.get_by_role("link", name=school_invoice.display_number, exact=True).click()
    expect(page.get_by_role("heading", name=f"Invoice {school_invoice.display_number}")).to_be_visible()
    accessible(page, "school-invoice")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{school_invoice.display_number}.pdf"
    saved = tmp_path / "invoice.pdf"
    download.save_as(saved)
    text = pdf_text(Path(saved).read_bytes())
    assert school.name in text
    assert "Service 1" in text and "Service 2" in text
    assert "£150.00" in text


def test_a_pdf_not_kept_yet_is_being_prepared_and_the_next_try_downloads_it(
    page, live_server, accessible, contact, school, monkeypatch, tmp_path
):
    queued = []  # the broker takes the render, but no worker has reached it yet
    for module in ("hub.billing.services", "hub.billing.documents"):
        monkeypatch.setattr(f"{module}.send_to_worker", lambda task, *ids: queued.append((task, ids)) or True)
    account = make_account(f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    invoice = issue(account, "sla:journey:2")
    assert queued == [("hub.billing.tasks.render_invoice_pdf", (invoice.pk,))]

    sign_in(page, live_server, contact.user.email)
    page.goto(f"{live_server.url}/schools/{school.urn}/invoices/{invoice.public_id}/")
    page.get_by_role("link", name="Download the PDF").click()
    expect(
        page.get_by_role("heading", name=f"Invoice {invoice.display_number} is being prepared")
    ).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("usually ready within a minute")
    accessible(page, "pdf-being-prepared")
    assert len(queued) == 2  # asked for again

    render_invoice_pdf(invoice.pk)  # the worker's turn
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Try the download again").click()
    saved = tmp_path / "invoice.pdf"
    download_info.value.save_as(saved)
    assert invoice.display_number in pdf_text(saved.read_bytes())
    page.get_by_role("link", name="Back to the invoice").click()
    expect(page.get_by_role("heading", name=f"Invoice {invoice.display_number}")).to_be_visible()
