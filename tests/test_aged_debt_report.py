"""Aged debt is paged, filtered by area and by age band, and sorted, at a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.billing import services
from hub.billing.aged_debt import aged_debt, debt_summary
from hub.billing.models import BillingAccount
from hub.models import Area
from schools.services.invoicing import school_account
from tests.factories import SchoolFactory
from tests.test_billing_selectors import issued_days_ago
from tests.test_billing_services import pay

D = Decimal
URL = reverse("billing:aged-debt")


@pytest.fixture
def areas(db):
    return tuple(Area.objects.create(name=name, slug=name.lower()) for name in ("Northfield", "Southvale"))


def _owing(area, n, *, days_past_due=10, amount="100.00"):
    account = services.ensure_account(
        kind=BillingAccount.Kind.SCHOOL,
        reference=f"URN7{n:05d}",
        name=f"School {n:03d}",
        address="",
        email="",
        area_id=area.pk,
    )
    return issued_days_ago(account, f"aged:{n}", days_past_due, prices=(amount,))


def _rows(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200
    return response, [row["account__reference"] for row in response.context["page"]]


def test_aged_debt_is_paged_fifty_accounts_at_a_time_with_totals_of_every_page(client, finance, areas):
    for n in range(60):
        _owing(areas[0], n)
    client.force_login(finance)
    response, rows = _rows(client)
    assert len(rows) == 50
    page = response.content.decode()
    assert "Page 1 of 2" in page and "60 accounts owing £6,000.00" in page
    response, rows = _rows(client, page=2)
    assert len(rows) == 10


def test_aged_debt_is_filtered_by_area_and_by_age_band(client, finance, areas):
    north, south = areas
    _owing(north, 1, days_past_due=5)
    _owing(north, 2, days_past_due=120, amount="40.00")
    _owing(south, 3, days_past_due=120)
    client.force_login(finance)
    _, rows = _rows(client, area=north.pk)
    assert sorted(rows) == ["URN700001", "URN700002"]
    _, rows = _rows(client, band="days_over_90")
    assert sorted(rows) == ["URN700002", "URN700003"]
    response, rows = _rows(client, area=north.pk, band="days_over_90")
    assert rows == ["URN700002"]
    assert response.context["totals"]["total"] == D("40.00")
    assert "Northfield" in response.content.decode()


def test_aged_debt_sorts_by_size_name_and_age(client, finance, areas):
    _owing(areas[0], 1, days_past_due=5, amount="300.00")
    _owing(areas[0], 2, days_past_due=200, amount="10.00")
    _owing(areas[0], 3, days_past_due=45, amount="20.00")
    client.force_login(finance)
    assert _rows(client)[1] == ["URN700001", "URN700003", "URN700002"]
    assert _rows(client, sort="total")[1] == ["URN700002", "URN700003", "URN700001"]
    assert _rows(client, sort="-name")[1] == ["URN700003", "URN700002", "URN700001"]
    assert _rows(client, sort="oldest")[1][0] == "URN700002"


def test_a_school_account_takes_the_school_area(db, areas):
    school = SchoolFactory(area=areas[1])
    assert school_account(school).area == areas[1]


def _queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _rows(client, **query)
    return len(ctx.captured_queries)


def test_aged_debt_costs_the_same_queries_for_five_accounts_or_sixty(client, finance, areas):
    for n in range(5):
        _owing(areas[n % 2], n)
    client.force_login(finance)
    few = _queries(client, area=areas[0].pk, sort="oldest")
    for n in range(5, 60):
        _owing(areas[n % 2], n)
    assert _queries(client, area=areas[0].pk, sort="oldest") == few
    assert few <= 12


def test_the_page_links_keep_the_filters(client, finance, areas):
    for n in range(60):
        _owing(areas[0], n)
    client.force_login(finance)
    page = client.get(URL, {"area": areas[0].pk, "sort": "name"}).content.decode()
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
    assert f"area={areas[0].pk}" in link and "sort=name" in link


def test_the_home_pages_summary_adds_up_to_the_aged_debt_report(db, areas):
    """Finance's home shows the aged debt's total and what is past its due date from one aggregate query:
    the same sums the report's rows add up to, a part-paid invoice and one due today included."""
    _owing(areas[0], 1, days_past_due=45, amount="120.00")
    part_paid = _owing(areas[0], 2, days_past_due=0, amount="80.00")
    pay(part_paid, "30.00")
    _owing(areas[1], 3, days_past_due=-10, amount="55.50")  # not yet due
    totals = aged_debt(today=timezone.localdate())["totals"]
    summary = debt_summary(today=timezone.localdate())
    assert summary == {"total": totals["total"], "overdue": totals["total"] - totals["not_due"]}
    assert summary == {"total": D("225.50"), "overdue": D("170.00")}
