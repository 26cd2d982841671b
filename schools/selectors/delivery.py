"""Reads about delivery against approved orders: bought against used, and who delivers."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import QuerySet, Value

from hub.billing.selectors import _LinkedSum, _sum_of
from hub.models import StaffRole, User
from hub.money import ZERO
from hub.pagination import page_of, with_total
from schools.models import (
    Delivery,
    PackageItem,
    Service,
    Subscription,
    SubscriptionLine,
)


def approved_orders(*, query: str = "", taught_by: User | None = None) -> QuerySet[Subscription]:
    """Approved orders, for staff recording delivery; with `taught_by`, only at the schools where that tutor
    has delivered the SLA (their own schools)."""
    subscriptions = Subscription.objects.filter(status=Subscription.Status.APPROVED).select_related(
        "school", "catalogue__financial_year", "package"
    )
    if taught_by is not None:
        schools = Delivery.objects.filter(delivered_by=taught_by).values("subscription__school_id")
        subscriptions = subscriptions.filter(school_id__in=schools)
    query = query.strip()
    if query.isdigit():
        subscriptions = subscriptions.filter(school__urn=int(query))
    elif query:
        subscriptions = subscriptions.filter(school__name__icontains=query)
    return subscriptions.order_by("-catalogue__financial_year__starts_on", "school__name")


# What the list of approved orders shows of each: `approved_orders_page` reads them.
ORDERS_SHOWN = (
    "public_id", "school", "school__name", "school__urn", "catalogue__financial_year__name", "package__name",
)  # fmt: skip


def approved_orders_page(*, query: str = "", taught_by: User | None = None, number, per_page: int) -> Page:
    """The page `number` of `approved_orders`, with how many there are, in one query of the plain values the
    list shows (`school` is the school's id): fifty orders with their schools, years and packages as models
    took longer to build than the page to draw."""
    rows = approved_orders(query=query, taught_by=taught_by).select_related(None)
    return page_of(with_total(rows).values_list(*ORDERS_SHOWN, "total", named=True), number, per_page)


def tutors() -> QuerySet[User]:
    return User.objects.filter(groups__name=StaffRole.TUTOR, is_active=True).order_by(
        "last_name", "first_name"
    )


def tutor_choices() -> list[tuple[int, str]]:
    """Active tutors as (id, name) for a select, plain values: a county has over a hundred, and as users
    they took longer to build than the page to draw. Named as User.get_full_name names them, or by e-mail."""
    rows = tutors().values_list("pk", "first_name", "last_name", "email")
    return [(pk, f"{first} {last}".strip() or email) for pk, first, last, email in rows]


@dataclass(frozen=True)
class UsageRow:
    service: Service
    bought: Decimal
    delivered: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.bought - self.delivered

    @property
    def is_over(self) -> bool:
        return self.delivered > self.bought

    @property
    def over_by(self) -> Decimal:
        return self.delivered - self.bought


def usage_for(subscription: Subscription) -> list[UsageRow]:
    """Per service on the order: bought (package plus lines, amendments included), delivered, remaining."""
    return usage_of(
        order_id=subscription.pk, catalogue_id=subscription.catalogue_id, package_id=subscription.package_id
    )


def usage_of(*, order_id: int, catalogue_id: int, package_id: int | None) -> list[UsageRow]:
    """usage_for by the order's ids, for a page that reads its orders as plain values.

    One query: each figure is a sum by a correlated subquery over the catalogue's services, written as the
    invoices' amounts are (billing's _LinkedSum), and the services with none of them are left out here, not
    by a WHERE that repeated the three subqueries: the ORM took about 2 ms to build and compile them.
    """
    order = str(order_id)
    services = (
        Service.objects.filter(catalogue_id=catalogue_id)
        .annotate(
            from_package=(
                _sum_of(_LinkedSum(PackageItem, "service", "quantity", package=str(package_id)))
                if package_id
                else Value(ZERO)
            ),
            from_lines=_sum_of(_LinkedSum(SubscriptionLine, "service", "quantity", subscription=order)),
            delivered_quantity=_sum_of(_LinkedSum(Delivery, "service", "quantity", subscription=order)),
        )
        .order_by("name")
    )
    return [
        UsageRow(service=s, bought=s.from_package + s.from_lines, delivered=s.delivered_quantity)
        for s in services
        if s.from_package > 0 or s.from_lines != 0 or s.delivered_quantity > 0
    ]


def bought_services(subscription: Subscription) -> list[Service]:
    """The services an order includes, through its package or its lines."""
    return [row.service for row in usage_for(subscription) if row.bought > 0]


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    return subscription.deliveries.select_related("service", "delivered_by").order_by("-delivered_on", "-id")
