"""Issue 3's whole story in a browser: a school orders, finance approves, a real worker runs the invoices
while finance watches, the school downloads its PDF, finance records the payment, and another school's
contact sees nothing of it."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hub.billing.models import Invoice
from hub.celery import app as celery_app
from tests.conftest import forget_used_codes, sign_in
from tests.sla_factories import make_catalogue
from tests.test_billing_documents import pdf_words
from tests.worker import broker, celery_worker

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_from_order_to_paid_invoice(
    page, live_server, accessible, tmp_path, monkeypatch, school, contact, other_contact, finance
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()
    year = make_catalogue().catalogue.financial_year.name

    # The school's business manager orders the Silver package and two CPD sessions, and submits.
    sign_in(page, live_server, contact.user.email)
    page.get_by_role("link", name=school.name).click()
    page.get_by_role("link", name="Service Level Agreement: orders and delivery").click()
    page.get_by_role("link", name=f"Start the {year} order").click()
    page.get_by_label("Silver: £2,450.00").check()
    page.get_by_label("Service (line 1)").select_option(label="CPD session (£180.00 per session)")
    page.get_by_label("Quantity (line 1)").fill("2")
    expect(page.get_by_test_id("order-total")).to_have_text("£2,882.00")
    accessible(page, "order")
    page.get_by_role("button", name="Save draft and review").click()
    page.get_by_label("I accept the terms on behalf of the school").check()
    page.get_by_label("Your full name").fill("Joy Okafor")
    accessible(page, "review")
    page.get_by_role("button", name="Submit the order").click()
    expect(page.get_by_text("Your order has been submitted.")).to_be_visible()
    _sign_out(page)

    # Finance approves it.
    sign_in(page, live_server, finance.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="SLA orders").click()
    page.get_by_role("link", name=school.name).click()
    page.get_by_role("button", name="Approve the order").click()
    expect(page.get_by_text(f"The order from {school.name} is approved")).to_be_visible()

    # Finance starts the autumn invoice run and watches a real worker carry it out.
    with celery_worker(tmp_path / "mail", concurrency=2):
        page.get_by_role("link", name="Staff home").click()
        page.get_by_role("link", name="SLA invoice runs").click()
        page.get_by_label("Financial year").select_option(label=year)
        page.get_by_label("Instalment").select_option(value="1")
        accessible(page, "runs")
        page.get_by_role("button", name="Start the run").click()
        expect(page.get_by_role("heading", name=f"SLA invoice run {year}, instalment 1")).to_be_visible()
        status = page.get_by_role("status").filter(has_text="of 1 issued")
        expect(status).to_contain_text("Finished: 1 of 1 issued · 1 of 1 e-mailed", timeout=60_000)
        accessible(page, "run-finished")
    invoice = Invoice.objects.get()
    assert invoice.total.to_eng_string() == "960.67"  # a third of 2,450.00 + a third of 2 × 180.00 + 20% VAT
    _sign_out(page)

    # The school downloads its invoice; the PDF's own text names the school, the lines and the total.
    sign_in(page, live_server, contact.user.email)
    page.get_by_role("link", name=school.name).click()
    page.get_by_role("link", name="Invoices, payments and balance").click()
    accessible(page, "school-invoices")
    page.get_by_role("link", name=invoice.display_number, exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    text = pdf_words(Path(download.value.path()).read_bytes())
    assert school.name in text
    # Each line whole, then its quantity, unit price, VAT rate and net, however the description wraps.
    assert re.search(rf"SLA {year}: Silver package \(instalment 1 of 3\) [\d.]+ £[\d,.]+ 0% £816\.67 ", text)
    cpd = r"CPD session: 2 sessions at £180\.00 \(instalment 1 of 3\) [\d.]+ £[\d,.]+ 20% £120\.00 "
    assert re.search(cpd, text)
    assert "Total due £960.67" in text
    invoice_url = page.url
    _sign_out(page)

    # Finance records the payment and the invoice shows paid.
    forget_used_codes()  # allauth refuses a code twice in its 30 seconds; a person would wait for the next
    sign_in(page, live_server, finance.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices").click()
    page.get_by_role("link", name=invoice.display_number, exact=True).click()
    page.get_by_label("Amount received (£)").fill("960.67")
    page.get_by_label("Date received").fill(timezone.localdate().isoformat())
    page.get_by_label("Method").select_option(label="Bank transfer (BACS)")
    page.get_by_label("Reference").fill("BACS 4471")
    accessible(page, "record-payment")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Paid", exact=True).first).to_be_visible()
    accessible(page, "paid")
    _sign_out(page)

    # Another school's contact cannot see it, by their own school's address or by this one's.
    sign_in(page, live_server, other_contact.user.email)
    assert page.goto(invoice_url).status == 404
    own = re.sub(r"/schools/\d+/", f"/schools/{other_contact.school.urn}/", invoice_url)
    assert page.goto(own).status == 404
