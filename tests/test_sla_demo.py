"""The demo SLA: a published catalogue and approved orders, the same from the same seed."""

import datetime
from decimal import Decimal

from hub.dev.demo.sla import create_demo_catalogue_and_orders
from schools import pricing
from schools.models import Subscription
from tests import sla_factories
from tests.factories import SchoolFactory


def _orders(year):
    return [
        (
            s.school.urn,
            s.package.code if s.package else None,
            s.instalments,
            sorted((line.service.code, line.quantity) for line in s.lines.all()),
        )
        for s in Subscription.objects.filter(catalogue__financial_year=year).order_by("school__urn")
    ]


def test_demo_catalogue_and_orders_are_realistic_approved_and_repeatable(db):
    year = sla_factories.financial_year_for(datetime.date(2026, 6, 1))
    schools = [SchoolFactory() for _ in range(30)]
    catalogue = create_demo_catalogue_and_orders(financial_year=year, schools=schools[:20], count=12)
    assert catalogue.is_published and catalogue.terms
    prices = dict(catalogue.services.values_list("code", "unit_price"))
    assert Decimal("40") <= prices["instrumental"] <= Decimal("46")
    assert set(prices) == {"instrumental", "wcet", "class-music", "listening", "cpd", "workshop"}
    assert set(catalogue.packages.values_list("name", flat=True)) == {"Bronze", "Silver", "Gold"}
    orders = Subscription.objects.filter(catalogue=catalogue)
    assert orders.count() == 12
    assert set(orders.values_list("status", flat=True)) == {"approved"}
    assert {1, 3} <= set(orders.values_list("instalments", flat=True))
    assert all(pricing.subscription_totals(o).total > 0 for o in orders)
    assert all(o.package_id or o.lines.exists() for o in orders)
    first = _orders(year)

    # Again: nothing new for schools that ordered; more schools get orders of their own.
    create_demo_catalogue_and_orders(financial_year=year, schools=schools[:20], count=12)
    assert Subscription.objects.count() == 20
    create_demo_catalogue_and_orders(financial_year=year, schools=schools, count=5)
    assert Subscription.objects.count() == 25
    assert [o for o in _orders(year) if o[0] in {f[0] for f in first}] == first


def test_the_same_seed_makes_the_same_orders(db):
    schools = [SchoolFactory() for _ in range(10)]
    one = sla_factories.financial_year_for(datetime.date(2026, 6, 1))
    create_demo_catalogue_and_orders(financial_year=one, schools=schools, count=6)
    first = [(urn, *rest) for urn, *rest in _orders(one)]
    Subscription.objects.all().delete()
    create_demo_catalogue_and_orders(financial_year=one, schools=schools, count=6)
    assert _orders(one) == first
