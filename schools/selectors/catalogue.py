"""Reads about the SLA catalogue: years, services, packages, and which catalogues are open for orders."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from hub.models import FinancialYear
from schools.models import (
    Catalogue,
    Package,
    PackageItem,
    Service,
    Subscription,
)


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


def open_catalogues(*, today: datetime.date | None = None) -> QuerySet[Catalogue]:
    """Published catalogues whose year has not ended and whose ordering deadline has not passed."""
    today = today or timezone.localdate()
    return (
        Catalogue.objects.filter(published_at__isnull=False, financial_year__ends_on__gte=today)
        .filter(Q(order_deadline__isnull=True) | Q(order_deadline__gte=today))
        .select_related("financial_year")
    )


def is_open_for_orders(catalogue: Catalogue, *, today: datetime.date | None = None) -> bool:
    """Whether schools may order from the catalogue: the one rule, `open_catalogues`, asked of one row."""
    return open_catalogues(today=today).filter(pk=catalogue.pk).exists()


def get_open_catalogue(year: str) -> Catalogue:
    catalogue = open_catalogues().filter(financial_year__name=year).first()
    if catalogue is None:
        raise Http404("That year's catalogue is not open for orders.")
    return catalogue


def financial_years() -> QuerySet[FinancialYear]:
    return FinancialYear.objects.order_by("-starts_on")
