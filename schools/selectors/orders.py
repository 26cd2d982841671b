"""Reads about SLA orders: a school's own (for its ordering contacts) and every school's (for finance)."""

from django.db.models import (
    QuerySet,
)
from django.http import Http404

from hub.models import FinancialYear
from schools.models import (
    School,
    Subscription,
)
from schools.pricing import order_lines_prefetch


def subscriptions_of(school: School) -> QuerySet[Subscription]:
    return (
        school.subscriptions.select_related("catalogue__financial_year", "package")
        .prefetch_related(order_lines_prefetch())
        .order_by("-catalogue__financial_year__starts_on")
    )


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


LISTED_FIELDS = (
    "public_id", "status", "instalments", "submitted_at", "package_price", "package_vat_rate",
    "school__name", "package__name",
    "catalogue__financial_year__name", "catalogue__financial_year__starts_on",
)  # fmt: skip


def orders(*, year: FinancialYear | None = None, status: str = "", query: str = "") -> QuerySet[Subscription]:
    """Schools' orders for finance; lines are prefetched so each page's totals take one more query. Only
    the fields the list shows and prices are read: a school has some forty (the register's), and fifty
    orders' schools in full took longer to build than the page took to draw."""
    subscriptions = Subscription.objects.select_related(
        "school", "catalogue__financial_year", "package"
    ).only(*LISTED_FIELDS)
    if year is not None:
        subscriptions = subscriptions.filter(catalogue__financial_year=year)
    if status:
        subscriptions = subscriptions.filter(status=status)
    if query.strip():
        subscriptions = subscriptions.filter(school__name__icontains=query.strip())
    return subscriptions.prefetch_related(order_lines_prefetch()).order_by(
        "-catalogue__financial_year__starts_on", "school__name"
    )


def get_order(public_id) -> Subscription:
    return _order(Subscription.objects.all(), public_id=public_id)
