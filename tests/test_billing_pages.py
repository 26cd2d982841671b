"""Finance's pages: the invoice list, an invoice with its forms, statements, aged debt, the CSV export."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.billing import services
from hub.billing.models import Invoice, Payment
from hub.billing.tasks import render_invoice_pdf
from tests.test_billing_documents import pdf_text
from tests.test_billing_services import amounts, issue, make_account, pay

D = Decimal


@pytest.fixture
def invoice(db):
    return issue(make_account(), "sla:1")


def detail_url(invoice):
    return reverse("billing:invoice-detail", kwargs={"public_id": invoice.public_id})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(count, finance, start=0):
    for n in range(start, start + count):
        account = make_account(f"URN3{n:05d}", f"School {n}")
        invoice = issue(account, f"grow:{n}")
        pay(invoice, "10.00")
        if n % 3 == 0:
            services.credit_invoice(invoice=invoice, amount=D("5.00"), reason="x", by=finance)


def test_the_invoice_list_has_a_fixed_number_of_queries_whatever_its_length_or_page_size(
    client, finance, django_assert_max_num_queries
):
    client.force_login(finance)
    url = reverse("billing:invoice-list") + "?sort=-outstanding&per_page="
    _grow(2, finance)
    few = _queries(client, url + "25")
    _grow(30, finance, start=2)
    small_page = _queries(client, url + "25")
    with django_assert_max_num_queries(10):
        big_page = _queries(client, url + "200")
    assert len(client.get(url + "200").context["page"]) == 32 + 11  # invoices and their credit notes
    assert few == small_page == big_page


def test_the_list_shows_money_status_and_finds_by_number(client, finance, invoice):
    pay(invoice, "50.00")
    client.force_login(finance)
    page = client.get(reverse("billing:invoice-list"), {"q": invoice.display_number}).content.decode()
    assert invoice.display_number in page and "£150.00" in page and "£100.00" in page and "Part-paid" in page
    page = client.get(reverse("billing:invoice-list"), {"status": "paid"}).content.decode()
    assert invoice.display_number not in page


def test_finance_records_a_payment_and_sees_it(client, finance, invoice):
    client.force_login(finance)
    url = reverse("billing:payment-record", kwargs={"public_id": invoice.public_id})
    data = {
        "payment-amount": "150.00",
        "payment-received_on": timezone.localdate().isoformat(),
        "payment-method": "bacs",
        "payment-reference": "HILL-0042",
    }
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(invoice)
    assert "Payment of £150.00 recorded" in response.content.decode()
    assert amounts(invoice).status == "paid"
    assert Payment.objects.get().recorded_by == finance


def test_an_overpayment_is_refused_next_to_the_amount_with_the_outstanding_sum(client, finance, invoice):
    client.force_login(finance)
    url = reverse("billing:payment-record", kwargs={"public_id": invoice.public_id})
    data = {
        "payment-amount": "200",
        "payment-received_on": timezone.localdate().isoformat(),
        "payment-method": "bacs",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "more than the £150.00 outstanding" in page
    assert '<div id="id_payment-amount_error" class="invalid-feedback d-block">' in page
    assert not Payment.objects.exists()


def test_a_payment_dated_in_the_future_or_of_nothing_is_refused_by_the_form(client, finance, invoice):
    client.force_login(finance)
    url = reverse("billing:payment-record", kwargs={"public_id": invoice.public_id})
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(
        url, {"payment-amount": "abc", "payment-received_on": tomorrow.isoformat(), "payment-method": "bacs"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a number." in page and "cannot be in the future" in page


def test_finance_issues_a_part_then_a_whole_credit_note(client, finance, invoice):
    client.force_login(finance)
    url = reverse("billing:credit-note-issue", kwargs={"public_id": invoice.public_id})
    response = client.post(url, {"credit-extent": "part", "credit-reason": "Missed session"})
    assert response.status_code == 400 and "Give the amount to credit" in response.content.decode()
    client.post(url, {"credit-extent": "part", "credit-amount": "50.00", "credit-reason": "Missed session"})
    response = client.post(url, {"credit-extent": "whole", "credit-reason": "Cancelled"}, follow=True)
    assert "issued for £100.00" in response.content.decode()
    assert list(invoice.credit_notes.order_by("number").values_list("total", flat=True)) == [
        D("50.00"),
        D("100.00"),
    ]
    assert amounts(invoice).status == "credited"
    response = client.post(url, {"credit-extent": "whole", "credit-reason": "Again"})
    assert "already been credited in full" in response.content.decode()


def test_the_detail_page_shows_lines_payments_credit_notes_and_the_pdf_link(client, finance, invoice):
    pay(invoice, "20.00")
    note = services.credit_invoice(invoice=invoice, amount=D("10.00"), reason="Goodwill", by=finance)
    client.force_login(finance)
    page = client.get(detail_url(invoice)).content.decode()
    for text in [
        "Service 1",
        "Service 2",
        "£20.00",
        note.display_number,
        "Record a payment",
        "Issue a credit note",
    ]:
        assert text in page
    assert "overpayments are not held as credit on account" in page
    assert reverse("billing:invoice-pdf", kwargs={"public_id": invoice.public_id}) in page
    note_page = client.get(detail_url(note)).content.decode()
    # A credit note's page names the invoice it credits, in its summary and by a link to it.
    assert f'credits <a href="{detail_url(invoice)}">{invoice.display_number}</a>' in note_page
    assert f'Credits</dt><dd class="col-sm-8">{invoice.display_number}</dd>' in note_page


def test_finance_downloads_the_pdf(client, finance, invoice):
    render_invoice_pdf(invoice.pk)  # the worker's turn
    client.force_login(finance)
    response = client.get(reverse("billing:invoice-pdf", kwargs={"public_id": invoice.public_id}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SLA-2026-27-00001.pdf"'
    assert "Hillside Primary School" in pdf_text(response.content)


def test_statement_and_aged_debt_pages(client, finance, invoice):
    pay(invoice, "50.00")
    client.force_login(finance)
    page = client.get(reverse("billing:account-statement", kwargs={"public_id": invoice.account.public_id}))
    assert "Balance: <strong>£100.00</strong>" in page.content.decode()
    page = client.get(reverse("billing:aged-debt")).content.decode()
    assert "Hillside Primary School" in page and "Not yet due" in page and "£100.00" in page


def _csv(response) -> list[dict]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_of_invoices_and_of_payments(client, finance, invoice):
    today = timezone.localdate()
    pay(invoice, "60.00")
    note = services.credit_invoice(invoice=invoice, amount=D("15.00"), reason="x", by=finance)
    other = issue(make_account("URN200002", "=HYPERLINK(evil)"), "other")
    client.force_login(finance)
    url = reverse("billing:export-csv")
    rows = _csv(
        client.get(url, {"what": "invoices", "date_from": today.isoformat(), "date_to": today.isoformat()})
    )
    # Oldest first, then by series and number.
    assert [r["number"] for r in rows] == [note.display_number, invoice.display_number, other.display_number]
    by_number = {r["number"]: r for r in rows}
    first = by_number[invoice.display_number]
    assert (first["type"], first["date"], first["account_reference"], first["name"]) == (
        "invoice",
        today.isoformat(),
        "URN100001",
        "Hillside Primary School",
    )
    assert (first["net"], first["vat"], first["total"], first["paid"], first["outstanding"]) == (
        "150.00",
        "0.00",
        "150.00",
        "60.00",
        "75.00",
    )
    credit = by_number[note.display_number]
    assert (credit["type"], credit["total"], credit["credits_invoice"]) == (
        "credit_note",
        "-15.00",
        "SLA-2026-27-00001",
    )
    assert by_number[other.display_number]["name"] == "'=HYPERLINK(evil)"  # not a formula in a spreadsheet

    response = client.get(
        url, {"what": "payments", "date_from": today.isoformat(), "date_to": today.isoformat()}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="payments-')
    [payment] = _csv(response)
    assert payment == {
        "type": "payment",
        "invoice_number": "SLA-2026-27-00001",
        "date": today.isoformat(),
        "account_reference": "URN100001",
        "name": "Hillside Primary School",
        "amount": "60.00",
        "method": "Bank transfer (BACS)",
        "reference": "BACS 123",
    }


def test_the_export_outside_the_date_range_is_empty_and_a_backwards_range_is_refused(
    client, finance, invoice
):
    client.force_login(finance)
    url = reverse("billing:export-csv")
    assert (
        _csv(client.get(url, {"what": "invoices", "date_from": "2020-01-01", "date_to": "2020-12-31"})) == []
    )
    response = client.get(url, {"what": "invoices", "date_from": "2021-01-01", "date_to": "2020-12-31"})
    assert response.status_code == 200 and "cannot be before its start" in response.content.decode()


def test_the_admin_shows_invoices_but_cannot_add_change_or_delete_them(db, invoice):
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model in (Invoice, Payment):
        model_admin = admin_site._registry[model]
        assert model_admin.has_view_permission(request, invoice)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, invoice)
        assert not model_admin.has_delete_permission(request, invoice)
