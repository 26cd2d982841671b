"""Finance's side of SLA orders: the list, approving and returning with e-mails, amendments, the PDF."""

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.billing.models import Invoice
from hub.models import AuditEvent
from schools import errors, pricing
from schools.models import Subscription, SubscriptionLine
from schools.services import orders as order_services
from tests import sla_factories
from tests.factories import SchoolContactFactory, SchoolFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


@pytest.fixture
def submitted(standard, school, contact):
    order = sla_factories.make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])
    return order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)


@pytest.fixture
def billing_calls(monkeypatch):
    """Stand in for SLA invoicing, recording how the amendment service calls it."""
    calls = []

    def invoice_amendment(*, subscription, amendment, by):
        lines = list(subscription.lines.filter(amendment=amendment))
        calls.append({"subscription": subscription.pk, "amendment": amendment, "by": by, "lines": lines})

    monkeypatch.setattr(order_services, "invoice_amendment", invoice_amendment)
    return calls


def test_finance_approves_and_the_ordering_contacts_are_told(
    client, submitted, school, contact, finance, mailoutbox, django_capture_on_commit_callbacks
):
    SchoolContactFactory(school=school, can_order=False, user__email="head@hillside.example.org")
    client.force_login(finance)
    url = reverse("schools:order-approve", kwargs={"public_id": submitted.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "is approved; the school is told" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Subscription.Status.APPROVED and submitted.decided_by == finance
    assert [m.to for m in mailoutbox] == [[contact.user.email]]
    assert "approved" in mailoutbox[0].subject
    assert "The hub has approved Hillside Primary School's SLA order" in mailoutbox[0].body
    assert "total £2,882.00" in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        object_id=str(submitted.pk), changes__status=["submitted", "approved"]
    ).exists()
    # Approving twice does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    assert "Only a submitted order can be approved" in again.content.decode()
    assert len(mailoutbox) == 1


def test_returning_needs_a_comment_and_tells_the_school_why(
    client, submitted, contact, finance, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    url = reverse("schools:order-return", kwargs={"public_id": submitted.public_id})
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 400
    assert "Say why the order is being returned." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "The Silver package already includes the class teaching."})
    submitted.refresh_from_db()
    assert submitted.status == Subscription.Status.RETURNED
    assert [m.to for m in mailoutbox] == [[contact.user.email]]
    assert "The Silver package already includes the class teaching." in mailoutbox[0].body
    assert "returned" in mailoutbox[0].subject
    html = mailoutbox[0].alternatives[0][0]
    assert "The Silver package already includes the class teaching." in html


def test_an_amendment_adds_a_numbered_line_and_invoices_the_difference(
    standard, submitted, finance, billing_calls
):
    order = order_services.approve_order(subscription=submitted, by=finance)
    first = order_services.amend_order(
        subscription=order, service=standard.teaching, quantity=Decimal("10"), by=finance
    )
    second = order_services.amend_order(
        subscription=order, service=standard.cpd, quantity=Decimal("-1"), by=finance
    )
    assert (first, second) == (1, 2)
    assert [(c["amendment"], c["by"]) for c in billing_calls] == [(1, finance), (2, finance)]
    # The billing call sees the amendment's lines, saved in the same transaction.
    assert [(line.service, line.quantity) for line in billing_calls[1]["lines"]] == [
        (standard.cpd, Decimal("-1.00"))
    ]
    assert pricing.subscription_totals(order, amendment=1).total == Decimal("435.00")
    assert pricing.subscription_totals(order, amendment=2).total == Decimal("-216.00")
    assert pricing.subscription_totals(order).total == Decimal("2882.00") + Decimal("435.00") - Decimal(
        "216.00"
    )
    assert AuditEvent.objects.filter(object_id=str(order.pk), changes__has_key="amendment").count() == 2


def test_amendments_are_refused_before_approval_and_below_what_was_delivered(
    standard, submitted, finance, tutor, billing_calls
):
    with pytest.raises(errors.SlaError, match="approved"):
        order_services.amend_order(
            subscription=submitted, service=standard.cpd, quantity=Decimal(1), by=finance
        )
    order = order_services.approve_order(subscription=submitted, by=finance)
    with pytest.raises(errors.SlaError, match="quantity"):
        order_services.amend_order(subscription=order, service=standard.cpd, quantity=Decimal(0), by=finance)
    sla_factories.DeliveryFactory(
        subscription=order, service=standard.cpd, quantity=Decimal(2), delivered_by=tutor
    )
    with pytest.raises(errors.SlaError, match="less than the 2.00 already delivered"):
        order_services.amend_order(subscription=order, service=standard.cpd, quantity=Decimal(-1), by=finance)
    assert not billing_calls
    assert not SubscriptionLine.objects.filter(amendment__gt=0).exists()


def test_finance_amends_through_the_page(client, standard, submitted, finance, billing_calls):
    order_services.approve_order(subscription=submitted, by=finance)
    client.force_login(finance)
    url = reverse("schools:order-amend", kwargs={"public_id": submitted.public_id})
    bad = client.post(url, {"service": standard.teaching.pk, "quantity": "many"})
    assert "Enter a number." in bad.content.decode()
    response = client.post(url, {"service": standard.teaching.pk, "quantity": "-5"}, follow=True)
    assert "Amendment 1 has been added and invoiced." in response.content.decode()
    assert billing_calls[0]["amendment"] == 1


def test_the_order_list_runs_a_fixed_number_of_queries(client, standard, finance):
    def grow(n):
        for _ in range(n):
            sla_factories.make_order(
                school=SchoolFactory(), standard=standard, status="submitted", lines=[(standard.cpd, 1)]
            )

    client.force_login(finance)
    url = reverse("schools:order-list") + "?status=submitted"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    grow(2)
    few, _ = count()
    grow(20)
    many, response = count()
    assert many == few <= 10
    assert "22 orders." in response.content.decode()
    assert response.content.decode().count("£2,666.00") == 22


def test_the_agreement_pdf_reads_back_with_everything_the_school_signed(
    client, standard, submitted, contact, finance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # a worker then draws and keeps the agreement
        order = order_services.approve_order(subscription=submitted, by=finance)
    client.force_login(contact.user)
    response = client.get(
        reverse("schools:order-agreement", kwargs={"urn": order.school.urn, "public_id": order.public_id})
    )
    assert response["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "sla-agreement.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in [
        "Service Level Agreement",
        "Hillside Primary School",
        f"URN {order.school.urn}",
        order.catalogue.financial_year.name,
        "Silver",
        "Instrumental teaching",
        "Whole-class ensemble teaching",
        "CPD session",
        "£180.00",
        "£360.00",
        "£72.00",
        "£2,882.00",
        "Three termly instalments",
        "£960.67",
        "£960.66",
        "Sessions the school cancels",
        "Jo Bursar",
        "Approved by",
    ]:
        assert expected in text, expected
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "sla-agreement")],
        check=True,
    )
    # Finance gets the same agreement from their side.
    client.force_login(finance)
    staff = client.get(reverse("schools:order-agreement-staff", kwargs={"public_id": order.public_id}))
    assert staff["Content-Type"] == "application/pdf"


def test_finance_order_page_shows_decision_buttons_only_for_submitted_orders(client, submitted, finance):
    client.force_login(finance)
    url = reverse("schools:order-detail", kwargs={"public_id": submitted.public_id})
    assert "Approve the order" in client.get(url).content.decode()
    order_services.approve_order(subscription=submitted, by=finance)
    page = client.get(url).content.decode()
    assert "Approve the order" not in page
    assert "Amend the order" in page and "Record delivery" in page


def test_an_amendment_is_invoiced_by_the_billing_ledger(standard, submitted, finance):
    order = order_services.approve_order(subscription=submitted, by=finance)
    order_services.amend_order(
        subscription=order, service=standard.teaching, quantity=Decimal("10"), by=finance
    )
    invoice = Invoice.objects.get(account__school=order.school)
    assert invoice.total == Decimal("435.00")
    # A reduction is credited against what was invoiced.
    order_services.amend_order(subscription=order, service=standard.cpd, quantity=Decimal("-1"), by=finance)
    note = Invoice.objects.get(account__school=order.school, kind=Invoice.Kind.CREDIT_NOTE)
    assert abs(note.total) == Decimal("216.00")


def test_a_reduction_with_nothing_invoiced_to_credit_is_refused_and_not_kept(standard, submitted, finance):
    order = order_services.approve_order(subscription=submitted, by=finance)
    with pytest.raises(errors.SlaError, match="The amendment was not made"):
        order_services.amend_order(
            subscription=order, service=standard.cpd, quantity=Decimal("-1"), by=finance
        )
    assert not order.lines.filter(amendment__gt=0).exists()
