"""Reads of the SLA: catalogues for staff, orders scoped to the school contact or to hub staff, and usage."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hub.models import FinancialYear, StaffRole, User
from hub.money import ZERO
from schools.models import (
    Catalogue,
    Delivery,
    Package,
    PackageItem,
    School,
    SchoolContact,
    Service,
    Subscription,
    SubscriptionLine,
)
from schools.selectors import contact_for, get_school_for
from schools.sla_amounts import order_lines_prefetch

QTY = DecimalField(max_digits=12, decimal_places=2)


# --- Catalogues ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRow:
    year: FinancialYear
    catalogue: Catalogue | None
    services: int = 0
    packages: int = 0
    orders: int = 0


def catalogue_rows() -> list[CatalogueRow]:
    """Every financial year, newest first, with its catalogue (if any) and how much is in it: two queries."""
    catalogues = {
        c.financial_year_id: c
        for c in Catalogue.objects.annotate(
            service_count=Count("services", distinct=True),
            package_count=Count("packages", distinct=True),
            order_count=Count("subscriptions", distinct=True),
        )
    }
    rows = []
    for year in FinancialYear.objects.order_by("-starts_on"):
        c = catalogues.get(year.pk)
        counts = (c.service_count, c.package_count, c.order_count) if c else (0, 0, 0)
        rows.append(CatalogueRow(year, c, *counts))
    return rows


def get_catalogue(year: str) -> Catalogue:
    """The catalogue of a financial year named like "2026-27", or 404."""
    catalogue = Catalogue.objects.select_related("financial_year").filter(financial_year__name=year).first()
    if catalogue is None:
        raise Http404("No catalogue for that year.")
    return catalogue


def get_financial_year(name: str) -> FinancialYear:
    year = FinancialYear.objects.filter(name=name).first()
    if year is None:
        raise Http404("No such financial year.")
    return year


def services_of(catalogue: Catalogue) -> QuerySet[Service]:
    return catalogue.services.order_by("name")


def packages_of(catalogue: Catalogue) -> QuerySet[Package]:
    items = PackageItem.objects.select_related("service").order_by("service__name")
    return catalogue.packages.prefetch_related(Prefetch("items", queryset=items)).order_by("price", "name")


def get_service(catalogue: Catalogue, code: str) -> Service:
    service = catalogue.services.filter(code=code).first()
    if service is None:
        raise Http404("No such service.")
    return service


def get_package(catalogue: Catalogue, code: str) -> Package:
    package = catalogue.packages.filter(code=code).first()
    if package is None:
        raise Http404("No such package.")
    return package


def empty_drafts() -> QuerySet[Catalogue]:
    """Catalogues started but never filled: unpublished, with no services, packages or orders."""
    return Catalogue.objects.filter(published_at__isnull=True).exclude(
        Exists(Service.objects.filter(catalogue=OuterRef("pk")))
        | Exists(Package.objects.filter(catalogue=OuterRef("pk")))
        | Exists(Subscription.objects.filter(catalogue=OuterRef("pk")))
    )


def years_without_catalogue_after(catalogue: Catalogue) -> QuerySet[FinancialYear]:
    """Later years a catalogue can be copied to: those with no catalogue, or only an empty draft."""
    return FinancialYear.objects.filter(
        Q(catalogue__isnull=True) | Q(catalogue__in=empty_drafts()),
        starts_on__gt=catalogue.financial_year.starts_on,
    ).order_by("starts_on")


def can_delete(catalogue: Catalogue) -> bool:
    """A draft no school has ordered from may be deleted."""
    return not catalogue.is_published and not catalogue.subscriptions.exists()


def open_catalogues(*, today=None) -> QuerySet[Catalogue]:
    """Published catalogues whose ordering deadline has not passed."""
    today = today or timezone.localdate()
    return (
        Catalogue.objects.filter(published_at__isnull=False, financial_year__ends_on__gte=today)
        .filter(Q(order_deadline__isnull=True) | Q(order_deadline__gte=today))
        .select_related("financial_year")
    )


def get_open_catalogue(year: str) -> Catalogue:
    catalogue = open_catalogues().filter(financial_year__name=year).first()
    if catalogue is None:
        raise Http404("That year's catalogue is not open for orders.")
    return catalogue


# --- The school's side --------------------------------------------------------------------------------------


def ordering_contact_for(user: User, urn: int) -> tuple[School, SchoolContact]:
    """One of the user's schools (404 outside them) where they may order (403 otherwise)."""
    school = get_school_for(user, urn)
    contact = contact_for(user, school)
    if contact is None or not contact.can_order:
        raise PermissionDenied(
            f"Only contacts allowed to order for {school.name} can see its orders and prices. "
            "Ask the hub office if you need to."
        )
    return school, contact


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


# --- Staff --------------------------------------------------------------------------------------------------


def orders(*, year: FinancialYear | None = None, status: str = "", query: str = "") -> QuerySet[Subscription]:
    """Schools' orders for finance; lines are prefetched so each page's totals take one more query."""
    subscriptions = Subscription.objects.select_related("school", "catalogue__financial_year", "package")
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


def tutors() -> QuerySet[User]:
    return User.objects.filter(groups__name=StaffRole.TUTOR, is_active=True).order_by(
        "last_name", "first_name"
    )


def financial_years() -> QuerySet[FinancialYear]:
    return FinancialYear.objects.order_by("-starts_on")


# --- Bought, delivered, remaining ---------------------------------------------------------------------------


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
    in_package = PackageItem.objects.filter(package_id=subscription.package_id, service=OuterRef("pk"))
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
