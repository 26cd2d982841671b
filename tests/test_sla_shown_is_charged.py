"""What a school is shown for its SLA order is what it is charged: real invoices against the rendered order
page, the agreement PDF and the e-mail."""

import re
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse

from hub.billing.documents import invoice_pdf
from hub.billing.models import Invoice
from schools.agreement import store_agreement_pdf
from schools.models import Subscription
from schools.pricing import subscription_totals
from schools.services import invoicing
from schools.services import orders as order_services
from tests import sla_factories
from tests.sla_factories import PackageFactory, ServiceFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def catalogue(db):
    return sla_factories.CatalogueFactory()


def _approved_order(school, catalogue, *, package_price=None, lines=(), instalments=3):
    package = None
    if package_price is not None:
        package = PackageFactory(catalogue=catalogue, name="Core", price=D(package_price))
    order = sla_factories.SubscriptionFactory(
        school=school, catalogue=catalogue, package=package, instalments=instalments, status="approved"
    )
    for name, quantity, price in lines:
        service = ServiceFactory(catalogue=catalogue, name=name, unit_price=D(price))
        sla_factories.SubscriptionLineFactory(subscription=order, service=service, quantity=D(quantity))
    return order


def _invoice_all(order, by=None) -> list[Invoice]:
    return [
        invoicing.invoice_for_instalment(subscription=order, instalment=n, by=by)
        for n in range(1, order.instalments + 1)
    ]


def _money(text: str) -> list[str]:
    return re.findall(r"£[\d,]+\.\d\d", text)


def test_termly_invoices_charge_the_instalments_the_order_page_and_agreement_show(
    client, school, contact, catalogue, finance
):
    # £1,000 package plus 10 hours at £25: the agreement said 416.67, 416.67, 416.66 while the invoices
    # charged 416.66, 416.66, 416.68 (each line split on its own, the last taking the odd pennies).
    order = _approved_order(
        school, catalogue, package_price="1000.00", lines=[("Instrumental teaching", "10", "25.00")]
    )
    invoices = _invoice_all(order, by=finance)
    assert [i.total for i in invoices] == [D("416.67"), D("416.67"), D("416.66")]
    client.force_login(contact.user)
    kwargs = {"urn": school.urn, "public_id": order.public_id}
    page = client.get(reverse("schools:order-view", kwargs=kwargs)).content.decode()
    charged = [[f"£{amount:,.2f}" for amount in (i.net, i.vat, i.total)] for i in invoices]
    table = re.search(r'id="instalments".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    assert [_money(row) for row in table.split("</tr>")[:-1]] == charged
    store_agreement_pdf(subscription_id=order.pk)  # as the worker does when the order is submitted
    agreement = client.get(reverse("schools:order-agreement", kwargs=kwargs)).content
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sla-agreement-termly.pdf").write_bytes(agreement)
    pdf = pdf_text(agreement)
    rows = [line for line in pdf.splitlines() if line.strip().startswith("Instalment ")]
    assert [_money(row) for row in rows] == charged


def test_the_order_emails_show_the_instalments_that_are_invoiced(
    school, contact, catalogue, mailoutbox, django_capture_on_commit_callbacks
):
    order = _approved_order(
        school, catalogue, package_price="1000.00", lines=[("Instrumental teaching", "10", "25.00")]
    )
    Subscription.objects.filter(pk=order.pk).update(status="draft")
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
    (sent,) = [m for m in mailoutbox if contact.user.email in m.to]
    assert "£416.67, £416.67, £416.66" in sent.body
    assert "£416.67, £416.67, £416.66" in sent.alternatives[0][0]


def test_an_hour_and_a_half_at_10_03_is_15_05_on_the_order_and_every_invoice(
    client, school, contact, catalogue, finance
):
    # 1.5 × £10.03 = £15.045: the order's line rounded half to even (15.04), billing half up (15.05).
    order = _approved_order(school, catalogue, lines=[("Composition", "1.5", "10.03")])
    (line,) = subscription_totals(order).lines  # what the order page shows: pricing.py, as the invoice
    assert line.net == D("15.05")
    invoices = _invoice_all(order, by=finance)
    assert sum(i.net for i in invoices) == D("15.05")
    annual = _approved_order(
        sla_factories.SchoolFactory(), catalogue, lines=[("Composition", "1.5", "10.03")], instalments=1
    )
    (invoice,) = _invoice_all(annual, by=finance)
    assert invoice.total == D("15.05")
    client.force_login(contact.user)
    page = client.get(
        reverse("schools:order-view", kwargs={"urn": school.urn, "public_id": order.public_id})
    ).content.decode()
    assert "£15.05" in page and "£15.04" not in page


def test_finance_order_list_shows_each_orders_total_as_its_page_prices_it(client, school, catalogue, finance):
    with_package = _approved_order(
        school,
        catalogue,
        package_price="1234.56",
        lines=[("Composition", "1.5", "10.03"), ("Choir", "3", "0.35")],
    )
    sla_factories.SubscriptionLineFactory(
        subscription=with_package, service=ServiceFactory(catalogue=catalogue), quantity=D("-2"), amendment=1
    )
    lines_only = _approved_order(
        sla_factories.SchoolFactory(), catalogue, lines=[("Composition", "2.5", "7.77")]
    )
    client.force_login(finance)
    page = client.get(reverse("schools:order-list")).content.decode()
    for order in (with_package, lines_only):
        total = subscription_totals(order).total
        assert f"£{total:,.2f}" in page and total > 0


def test_an_annual_order_line_of_3_at_220_is_invoiced_as_3_at_220(school, catalogue, finance):
    order = _approved_order(school, catalogue, lines=[("Ensemble coaching", "3", "220.00")], instalments=1)
    (invoice,) = _invoice_all(order, by=finance)
    (line,) = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.net) == (D("3"), D("220.00"), D("660.00"))
    pdf = invoice_pdf(invoice)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sla-invoice-annual.pdf").write_bytes(pdf)
    (row,) = [row for row in pdf_text(pdf).splitlines() if "Ensemble coaching" in row]
    assert re.search(r"Ensemble coaching\s.*?\s3\s+£220\.00\s+0%\s+£660\.00", row), row


def test_a_termly_line_names_its_quantity_and_price_and_charges_its_share(school, catalogue, finance):
    order = _approved_order(school, catalogue, lines=[("Instrumental teaching", "10", "25.00")])
    invoices = _invoice_all(order, by=finance)
    lines = [invoice.lines.get() for invoice in invoices]
    assert [line.description.split(": ", 1)[1] for line in lines] == [
        f"Instrumental teaching: 10 hours at £25.00 (instalment {n} of 3)" for n in (1, 2, 3)
    ]
    assert [(line.quantity, line.unit_price, line.net) for line in lines] == [
        (D("1"), D("83.34"), D("83.34")),
        (D("1"), D("83.33"), D("83.33")),
        (D("1"), D("83.33"), D("83.33")),
    ]


def test_an_amendment_is_invoiced_as_the_order_page_shows_it(
    client, school, catalogue, finance, staff_groups
):
    order = _approved_order(school, catalogue, lines=[("Composition", "2", "10.03")], instalments=1)
    service = ServiceFactory(catalogue=catalogue, name="Song writing", unit_price=D("10.03"))
    order_services.amend_order(subscription=order, service=service, quantity=D("1.5"), by=finance)
    invoice = Invoice.objects.get()
    (line,) = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.net) == (D("1.5"), D("10.03"), D("15.05"))
    client.force_login(finance)
    page = client.get(reverse("schools:order-detail", kwargs={"public_id": order.public_id})).content.decode()
    amendments = re.search(r'id="amend-heading".*?</table>', page, re.S).group(0)
    assert "£15.05" in amendments and "£15.04" not in amendments
    assert Subscription.objects.get().pk == order.pk
