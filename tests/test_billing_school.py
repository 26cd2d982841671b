"""The school's side of the ledger: invoices, payments, balance and PDFs, for contacts who may see money."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.billing import services
from hub.billing.tasks import render_invoice_pdf
from schools.models import School
from tests import factories
from tests.test_billing_documents import pdf_text
from tests.test_billing_services import issue, make_account, pay

D = Decimal


def bill(school: School, key: str = "sla:1", reference: str | None = None, **kwargs):
    account = make_account(reference or f"URN{school.urn}", school.name)
    School.objects.filter(pk=school.pk).update(billing_account=account)
    return issue(account, key, **kwargs)


def url(name, school, invoice=None):
    kwargs = {"urn": school.urn} | ({"public_id": invoice.public_id} if invoice else {})
    return reverse(f"schools:{name}", kwargs=kwargs)


def test_a_contact_sees_their_invoices_with_status_outstanding_and_balance(client, contact, school, finance):
    first = bill(school, "a")
    second = issue(first.account, "b", prices=("80.00",))
    pay(first, "50.00")
    services.credit_invoice(invoice=second, amount=D("30.00"), reason="Missed session", by=finance)
    client.force_login(contact.user)
    page = client.get(url("school-invoice-list", school)).content.decode()
    assert first.display_number in page and second.display_number in page
    assert "Part-paid" in page and "£100.00" in page
    assert "Balance: <strong>£150.00</strong>" in page  # 150 + 80 - 30 - 50


def test_a_contact_opens_an_invoice_with_its_payments_and_downloads_the_pdf(client, contact, school):
    invoice = bill(school)
    pay(invoice, "40.00")
    client.force_login(contact.user)
    page = client.get(url("school-invoice-detail", school, invoice)).content.decode()
    assert "Payments received" in page and "£40.00" in page and "BACS 123" in page and "Service 1" in page
    render_invoice_pdf(invoice.pk)  # the worker's turn
    response = client.get(url("school-invoice-pdf", school, invoice))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert school.name in text and "Service 1" in text and "£150.00" in text


def test_a_school_with_no_billing_account_has_an_empty_list(client, contact, school):
    client.force_login(contact.user)
    response = client.get(url("school-invoice-list", school))
    assert response.status_code == 200
    assert "No invoices yet." in response.content.decode() and "£0.00" in response.content.decode()


def test_a_contact_who_may_not_order_is_refused_money_with_a_reason(client, school):
    contact = factories.SchoolContactFactory(school=school, can_order=False)
    invoice = bill(school)
    client.force_login(contact.user)
    for response in (
        client.get(url("school-invoice-list", school)),
        client.get(url("school-invoice-detail", school, invoice)),
        client.get(url("school-invoice-pdf", school, invoice)),
    ):
        assert response.status_code == 403
        assert "Only contacts who may order and see invoices" in response.content.decode()


def test_school_a_cannot_reach_school_b_invoices_by_either_url(client, contact, school, other_school):
    bill(school, "a")
    theirs = bill(other_school, "b")
    client.force_login(contact.user)
    assert client.get(url("school-invoice-detail", other_school, theirs)).status_code == 404
    assert client.get(url("school-invoice-detail", school, theirs)).status_code == 404
    assert client.get(url("school-invoice-pdf", school, theirs)).status_code == 404
    assert theirs.display_number not in client.get(url("school-invoice-list", school)).content.decode()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


def test_the_school_invoice_list_has_a_fixed_number_of_queries(
    client, contact, school, finance, django_assert_max_num_queries
):
    first = bill(school, "grow:0")
    client.force_login(contact.user)
    address = url("school-invoice-list", school)
    few = _queries(client, address)
    for n in range(1, 15):
        invoice = issue(first.account, f"grow:{n}")
        pay(invoice, "5.00")
        if n % 4 == 0:
            services.credit_invoice(invoice=invoice, reason="x", by=finance)
    with django_assert_max_num_queries(12):
        many = _queries(client, address)
    assert few == many


def test_staff_are_not_school_contacts_so_the_school_pages_are_not_there_for_them(client, finance, school):
    client.force_login(finance)
    assert client.get(url("school-invoice-list", school)).status_code == 404
