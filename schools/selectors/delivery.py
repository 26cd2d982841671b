"""Reads about delivery against approved orders: bought against used, and who delivers."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import DecimalField, F, Func, Model, QuerySet

from hub.models import StaffRole, User
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

    One query: each figure is a subquery over the catalogue's few services.
    """
    services = (
        Service.objects.filter(catalogue_id=subscription.catalogue_id)
        .annotate(
            # An order without a package has no package items (package_id = NULL matches none).
            from_package=_QuantityOf(PackageItem, "package", subscription.package_id),
            from_lines=_QuantityOf(SubscriptionLine, "subscription", subscription.pk),
            delivered_quantity=_QuantityOf(Delivery, "subscription", subscription.pk),
        )
        .order_by("name")
    )
    return [
        UsageRow(service=s, bought=s.from_package + s.from_lines, delivered=s.delivered_quantity)
        for s in services
        if s.from_package > 0 or s.from_lines != 0 or s.delivered_quantity > 0
    ]


class _QuantityOf(Func):
    """The quantity of the service on the rows of `model` whose `link` is `value`, nothing as 0.00: a
    correlated subquery, `(SELECT SUM(quantity) FROM ... WHERE service_id = service.id AND link = %s)`,
    written from the models' names. The ORM's Subquery took longer to build and compile, three times a page,
    than the page's SQL took to run."""

    output_field = QTY

    def __init__(self, model: type[Model], link: str, value: int | None) -> None:
        super().__init__(F("pk"))
        self.model, self.link, self.value = model, link, value

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        service, params = compiler.compile(self.get_source_expressions()[0])
        quote, fields = connection.ops.quote_name, self.model._meta

        def column(name: str) -> str:
            return f"summed.{quote(fields.get_field(name).column)}"  # type: ignore[union-attr]

        # Only the models' own table and column names are written into it; the value goes as a parameter.
        sql = (
            f"COALESCE((SELECT SUM({column('quantity')}) FROM {quote(fields.db_table)} summed "  # noqa: S608
            f"WHERE {column('service')} = {service} AND {column(self.link)} = %s), 0.00)"
        )
        return sql, (*params, self.value)


def bought_services(subscription: Subscription) -> list[Service]:
    """The services an order includes, through its package or its lines."""
    return [row.service for row in usage_for(subscription) if row.bought > 0]


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    return subscription.deliveries.select_related("service", "delivered_by").order_by("-delivered_on", "-id")
