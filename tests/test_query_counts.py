"""List pages run a fixed number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.accounts.services import set_staff_roles
from tests import factories


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n, guardian, hub_admin):
    for _ in range(n):
        school = factories.SchoolFactory()
        factories.SchoolContactFactory(school=school)
        child = factories.PupilFactory(school=school, guardians=[guardian])
        factories.EqualityRecordFactory(pupil=child)
        staff = factories.make_staff("Tutor")
        set_staff_roles(user=staff, roles=["Tutor", "Finance"], by=hub_admin)


@pytest.mark.parametrize(
    ("url_name", "who", "limit"),
    [
        ("schools:staff-school-list", "admin", 12),
        ("schools:staff-pupil-list", "admin", 11),
        ("hub:staff-list", "admin", 12),
        ("hub:audit-log", "admin", 12),
        # 13: the children's next rehearsals (one query for all) and the family's calendar link joined it;
        # 15: each child's ensembles, their memberships and their applications (a query each for all);
        # 14: the school year by the national rule, not read.
        ("hub:family-home", "guardian", 14),
    ],
)
def test_list_pages_have_a_fixed_number_of_queries(
    client, year, guardian, hub_admin, url_name, who, limit, django_assert_max_num_queries
):
    client.force_login(hub_admin if who == "admin" else guardian.user)
    url = reverse(url_name)
    _grow(2, guardian, hub_admin)
    few = _queries(client, url)
    _grow(15, guardian, hub_admin)
    with django_assert_max_num_queries(limit):
        many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with few rows, {many} with many"


def _invoices(school, count, start=0):
    from decimal import Decimal

    from django.utils import timezone

    from hub.billing.payments import record_payment
    from hub.billing.services import Charge, issue_invoice
    from schools.services.invoicing import school_account

    account = school_account(school)
    for n in range(start, start + count):
        invoice = issue_invoice(
            account=account,
            series_code="SLA-2026-27",
            charges=[
                Charge("Teaching", Decimal(10), Decimal("44.00"), f"q:{school.pk}:{n}:a"),
                Charge("CPD", Decimal(1), Decimal("180.00"), f"q:{school.pk}:{n}:b", Decimal(20)),
            ],
            title="SLA",
            by=None,
        )
        if n % 2:
            record_payment(
                invoice=invoice,
                amount=Decimal("100.00"),
                received_on=timezone.localdate(),
                method="bacs",
                reference="",
                by=None,
            )


def test_the_finance_invoice_list_costs_the_same_whatever_its_length_and_page_size(
    client, finance, school, django_assert_max_num_queries
):
    client.force_login(finance)
    _invoices(school, 3)
    few = _queries(client, reverse("billing:invoice-list"))
    _invoices(school, 60, start=3)
    counts = {
        size: _queries(client, f"{reverse('billing:invoice-list')}?per_page={size}") for size in (25, 200)
    }
    with django_assert_max_num_queries(12):
        _queries(client, reverse("billing:invoice-list") + "?sort=outstanding&status=part-paid")
    assert counts == {25: few, 200: few}


def test_a_schools_invoice_list_costs_the_same_whatever_its_length(client, school, contact):
    client.force_login(contact.user)
    url = reverse("schools:school-invoice-list", kwargs={"urn": school.urn})
    _invoices(school, 2)
    few = _queries(client, url)
    _invoices(school, 30, start=2)
    assert _queries(client, url) == few
