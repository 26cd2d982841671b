"""Reads about SLA orders: a school's own (for its ordering contacts) and every school's (for finance)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hub.models import FinancialYear
from schools.models import School, Subscription, SubscriptionLine
from schools.pricing import order_lines_prefetch, order_total


def subscriptions_of(school: School) -> QuerySet[Subscription]:
    return (
        school.subscriptions.select_related("catalogue__financial_year", "package")
        .prefetch_related(order_lines_prefetch())
        .order_by("-catalogue__financial_year__starts_on")
    )


def orders_listed(school: School) -> list[Any]:
    """A school's orders, newest year first, as the staff's page of the school lists them: plain values
    (what usage_of needs of the newest, and what a line shows), not three models an order and its lines."""
    return list(
        school.subscriptions.order_by("-catalogue__financial_year__starts_on").values_list(
            "pk", "public_id", "catalogue_id", "package_id", "catalogue__financial_year__name",
            "package__name", "status", "instalments", named=True,
        )
    )  # fmt: skip


def _order(queryset: QuerySet[Subscription], **filters) -> Subscription:
    subscription = (
        queryset.select_related("school", "catalogue__financial_year", "package", "decided_by")
        .prefetch_related(order_lines_prefetch())
        .filter(**filters)
        .first()
    )
    if subscription is None:
        raise Http404("No such order.")
    return subscription


def get_school_order(school: School, public_id) -> Subscription:
    """An order of a school the caller has already scoped to the user."""
    return _order(Subscription.objects.all(), school=school, public_id=public_id)


def orders(*, year: FinancialYear | None = None, status: str = "", query: str = "") -> QuerySet[Subscription]:
    """Schools' orders for finance, unsorted: count them, and list a page of them with `as_rows`."""
    subscriptions = Subscription.objects.all()
    if year is not None:
        subscriptions = subscriptions.filter(catalogue__financial_year=year)
    if status:
        subscriptions = subscriptions.filter(status=status)
    if query.strip():
        subscriptions = subscriptions.filter(school__name__icontains=query.strip())
    return subscriptions


def as_rows(subscriptions: QuerySet[Subscription]) -> QuerySet:
    """The orders in the list's order (latest year first, then by school) as rows of the plain values it
    shows and prices: fifty orders with their schools, years and packages as models took longer to build
    than the page to draw."""
    return subscriptions.order_by("-catalogue__financial_year__starts_on", "school__name", "pk").values_list(
        "pk", "public_id", "status", "instalments", "submitted_at", "package_id", "package_price",
        "package_vat_rate", "school__name", "package__name", "catalogue__financial_year__name", named=True,
    )  # fmt: skip


def with_totals(rows: Iterable) -> list[tuple[Any, Decimal]]:
    """A page of `as_rows` with what each order costs in all (pricing.order_total), from one query of its
    lines' quantities and prices."""
    rows = list(rows)
    lines: dict[int, list[tuple[Decimal, Decimal, Decimal]]] = {row.pk: [] for row in rows}
    found = SubscriptionLine.objects.filter(subscription_id__in=lines).order_by()
    for line in found.values_list("subscription", "quantity", "unit_price", "vat_rate"):
        lines[line[0]].append(line[1:])
    return [
        (
            row,
            order_total(
                package=(row.package_price, row.package_vat_rate) if row.package_id else None,
                lines=lines[row.pk],
            ),
        )
        for row in rows
    ]


def get_order(public_id) -> Subscription:
    return _order(Subscription.objects.all(), public_id=public_id)


def get_order_to_deliver(public_id) -> Subscription:
    """An order with its school, year and package, for recording delivery: that page shows no lines or
    prices, so they are not read."""
    subscription = (
        Subscription.objects.select_related("school", "catalogue__financial_year", "package")
        .filter(public_id=public_id)
        .first()
    )
    if subscription is None:
        raise Http404("No such order.")
    return subscription
