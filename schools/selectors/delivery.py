"""Reads about delivery against approved orders: bought against used, and who delivers."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

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

QTY: DecimalField = DecimalField(max_digits=12, decimal_places=2)


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
    """Per service on the order: bought (package plus lines, amendments included), delivered, remaining.

    One query: each figure is a subquery over the catalogue's services.
    """
    # An order without a package has no package items (package_id = NULL matches none); Q() spares a query
    # for the package itself while keeping the None that the typed keyword would refuse.
    in_package = PackageItem.objects.filter(Q(package_id=subscription.package_id), service=OuterRef("pk"))
    on_lines = SubscriptionLine.objects.filter(subscription=subscription, service=OuterRef("pk"))
    delivered = Delivery.objects.filter(subscription=subscription, service=OuterRef("pk"))
    services = (
        Service.objects.filter(catalogue_id=subscription.catalogue_id)
        .annotate(
            from_package=_total(in_package, "quantity"),
            from_lines=_total(on_lines, "quantity"),
            delivered_quantity=_total(delivered, "quantity"),
        )
        .filter(Q(from_package__gt=0) | ~Q(from_lines=0) | Q(delivered_quantity__gt=0))
        .order_by("name")
    )
    return [
        UsageRow(service=s, bought=s.from_package + s.from_lines, delivered=s.delivered_quantity)
        for s in services
    ]


def _total(queryset, field: str):
    summed = queryset.order_by().values("service").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed[:1], output_field=QTY), Value(ZERO), output_field=QTY)


def bought_services(subscription: Subscription) -> list[Service]:
    """The services an order includes, through its package or its lines."""
    return [row.service for row in usage_for(subscription) if row.bought > 0]


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    return subscription.deliveries.select_related("service", "delivered_by").order_by("-delivered_on", "-id")
