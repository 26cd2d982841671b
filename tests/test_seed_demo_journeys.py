"""Each demo sign-in finds something real to act on: the school pays and orders, finance chases debt, the
tutor records delivery at their own schools."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from hub.billing.models import Invoice
from hub.billing.selectors import Status, invoices_for_account, with_amounts
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.scale import SMALL
from hub.models import FinancialYear, OutgoingEmail, StaffRole, User
from hub.portal.dashboard import finance_figures
from schools.models import Delivery, SchoolContact, Subscription
from schools.selectors.catalogue import open_catalogues
from schools.selectors.delivery import usage_for
from tests.factories import make_staff

# Well into the financial year 2026-27, and before the real clock, so payments and delivery may be dated.
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def hub(db):
    seed_demo_hub(scale=SMALL, today=TODAY)


@pytest.fixture
def demo_school(hub):
    return SchoolContact.objects.select_related("school").get(user__email=signins.SCHOOL.email).school


def _user(sign_in):
    return User.objects.get(email=sign_in.email)


def test_demo_school_has_an_approved_order_this_year_with_delivery_recorded(demo_school):
    order = Subscription.objects.get(school=demo_school, catalogue__financial_year__name="2026-27")
    assert order.status == Subscription.Status.APPROVED
    assert Delivery.objects.filter(subscription=order).exists()


def test_demo_delivery_never_exceeds_what_was_bought_and_the_demo_school_has_teaching_hours_left(demo_school):
    for order in Subscription.objects.filter(deliveries__isnull=False).distinct():
        assert all(row.delivered <= row.bought for row in usage_for(order)), order.school.name
    order = Subscription.objects.get(school=demo_school, catalogue__financial_year__name="2026-27")
    assert order.package.code == "silver"
    hours = [row for row in usage_for(order) if row.service.unit == "hour"]
    assert hours and all(row.remaining > 0 for row in hours)


def test_demo_school_contact_sees_an_instalment_invoice_with_money_still_to_pay(demo_school, client):
    invoice = invoices_for_account(demo_school.billing_account).get()
    assert "instalment 1" in invoice.title or invoice.title.endswith("2026-27")
    assert 0 < invoice.outstanding < invoice.total
    assert invoice.status in (Status.PART_PAID, Status.OVERDUE)
    client.force_login(_user(signins.SCHOOL))
    page = client.get(reverse("schools:school-invoice-list", args=[demo_school.urn])).content.decode()
    assert invoice.display_number in page


def test_instalment_one_invoices_are_paid_part_paid_and_overdue_across_schools(hub):
    invoices = list(with_amounts(Invoice.objects.filter(kind=Invoice.Kind.INVOICE, account__kind="school")))
    assert len(invoices) == Subscription.objects.filter(catalogue__financial_year__name="2026-27").count()
    assert {Status.PAID, Status.OVERDUE} <= {invoice.status for invoice in invoices}
    assert any(0 < invoice.paid < invoice.total for invoice in invoices)
    assert all(invoice.issue_date <= TODAY for invoice in invoices)


def test_seeded_invoices_queue_no_e_mail(hub):
    assert Invoice.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_next_years_catalogue_is_open_so_the_demo_school_can_order(demo_school, client):
    next_year = FinancialYear.objects.get(name="2027-28")
    assert next_year.catalogue.is_published
    assert next_year.catalogue in open_catalogues(today=TODAY)
    client.force_login(_user(signins.SCHOOL))
    order_page = reverse("schools:order-create", args=[demo_school.urn, "2027-28"])
    assert order_page in client.get(reverse("schools:school-sla", args=[demo_school.urn])).content.decode()
    assert client.get(order_page).status_code == 200


def test_finance_home_shows_money_owed_and_overdue(hub, client):
    figures = finance_figures()
    assert figures["outstanding"] > 0 and figures["overdue"] > 0
    client.force_login(_user(signins.FINANCE))
    page = client.get(reverse("hub:staff-home")).content.decode()
    assert f"£{figures['outstanding']:,.2f}" in page


def test_tutor_sees_orders_at_their_own_schools_and_the_form_names_them(hub, client):
    tutor = _user(signins.TUTOR)
    client.force_login(tutor)
    page = client.get(reverse("schools:delivery-orders"))
    mine = list(page.context["page"])
    assert len(mine) == SMALL.tutor_schools
    delivered = Delivery.objects.filter(delivered_by=tutor)
    assert all(delivered.filter(subscription__school=order.school).exists() for order in mine)
    everyone = client.get(reverse("schools:delivery-orders"), {"schools": "all"}).context["page"]
    assert everyone.paginator.count > len(mine)
    form = client.get(reverse("schools:delivery-add", args=[mine[0].public_id])).context["form"]
    assert form["delivered_by"].value() == tutor.pk


def test_the_printed_demo_totp_hint_works_in_a_fresh_shell(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--small", stdout=out)
    assert ".venv/bin/python manage.py demo_totp" in out.getvalue()


def test_a_tutor_who_has_delivered_nowhere_yet_starts_from_all_schools(hub, client):
    client.force_login(make_staff(StaffRole.TUTOR))
    response = client.get(reverse("schools:delivery-orders"))
    assert response.context["form"]["schools"].value() == "all"
    assert response.context["page"].paginator.count == Subscription.objects.filter(status="approved").count()
