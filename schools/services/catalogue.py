"""Writes about the SLA catalogue: starting, editing, copying, publishing and deleting a year's catalogue."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, FinancialYear, User
from schools.errors import SlaError
from schools.limits import check_prices, check_quantities
from schools.models import (
    Catalogue,
    Package,
    PackageItem,
    Service,
)
from schools.pricing import uplifted
from schools.selectors.catalogue import can_delete, empty_drafts

SERVICE_FIELDS = ["code", "name", "description", "unit", "unit_price", "vat_rate", "is_class_teaching"]


PACKAGE_FIELDS = ["code", "name", "description", "price", "vat_rate"]


def refuse_if_published(catalogue: Catalogue) -> None:
    """Refuse to change a published catalogue's prices and packages."""
    if catalogue.is_published:
        raise SlaError(
            f"The {catalogue.financial_year} catalogue is published, so its prices and packages are fixed: "
            "schools' orders copy them. Copy it to next year to change prices."
        )


@transaction.atomic
def start_catalogue(*, financial_year: FinancialYear, by: User) -> Catalogue:
    """An empty catalogue for a year that has none."""
    if Catalogue.objects.filter(financial_year=financial_year).exists():
        raise SlaError(f"{financial_year} already has a catalogue.")
    catalogue = Catalogue.objects.create(financial_year=financial_year)
    record_change(actor=by, instance=catalogue, action=AuditEvent.Action.CREATED)
    return catalogue


@transaction.atomic
def update_catalogue(
    *, catalogue: Catalogue, terms: str, order_deadline: datetime.date | None, by: User
) -> Catalogue:
    """Change the terms (until published) and the ordering deadline (at any time)."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.is_published and terms != catalogue.terms:
        raise SlaError("Schools have accepted the published terms, so they cannot change now.", field="terms")
    before = snapshot(catalogue, ["terms", "order_deadline"])
    catalogue.terms, catalogue.order_deadline = terms, order_deadline
    catalogue.save(update_fields=["terms", "order_deadline"])
    after = snapshot(catalogue, ["terms", "order_deadline"])
    record_change(actor=by, instance=catalogue, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return catalogue


@transaction.atomic
def save_service(*, catalogue: Catalogue, data: dict, by: User, service: Service | None = None) -> Service:
    """Add a service to an unpublished catalogue, or change one."""
    refuse_if_published(Catalogue.objects.select_for_update().get(pk=catalogue.pk))
    clash = catalogue.services.filter(code=data["code"])
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise SlaError("Another service in this catalogue has that code.", field="code")
    service = service or Service(catalogue=catalogue)
    for name in SERVICE_FIELDS:
        setattr(service, name, data[name])
    check_prices(services=[service])
    service.save()
    return service


@transaction.atomic
def save_package(
    *,
    catalogue: Catalogue,
    data: dict,
    items: Sequence[tuple[Service, Decimal]],
    by: User,
    package: Package | None = None,
) -> Package:
    """Add a package (its services and included quantities) to an unpublished catalogue, or change one."""
    refuse_if_published(Catalogue.objects.select_for_update().get(pk=catalogue.pk))
    clash = catalogue.packages.filter(code=data["code"])
    if package is not None:
        clash = clash.exclude(pk=package.pk)
    if clash.exists():
        raise SlaError("Another package in this catalogue has that code.", field="code")
    if not items:
        raise SlaError("A package includes at least one service.")
    services = [service for service, _ in items]
    if len(set(services)) != len(services):
        raise SlaError("Each service appears once in a package.")
    if any(service.catalogue_id != catalogue.pk for service in services):
        raise SlaError("A package includes services from its own catalogue only.")
    if any(quantity <= 0 for _, quantity in items):
        raise SlaError("Included quantities are more than zero.")
    check_quantities(items)
    package = package or Package(catalogue=catalogue)
    for name in PACKAGE_FIELDS:
        setattr(package, name, data[name])
    check_prices(packages=[package])
    package.save()
    package.items.all().delete()
    PackageItem.objects.bulk_create(
        [PackageItem(package=package, service=service, quantity=quantity) for service, quantity in items]
    )
    return package


@transaction.atomic
def copy_catalogue(
    *, source: Catalogue, to_year: FinancialYear, uplift_percent: Decimal, by: User
) -> Catalogue:
    """Next year's draft catalogue: the same services and packages with prices raised by a percentage."""
    if to_year.starts_on <= source.financial_year.starts_on:
        raise SlaError("Copy a catalogue to a later financial year.", field="to_year")
    if uplift_percent <= Decimal(-100):
        raise SlaError("An uplift below -100% would make prices negative.", field="uplift_percent")
    # A draft started empty ("Start a catalogue") is filled rather than refused; checked once it is locked.
    copy = Catalogue.objects.select_for_update().filter(financial_year=to_year).first()
    if copy is not None and not empty_drafts().filter(pk=copy.pk).exists():
        raise SlaError(f"{to_year} already has a catalogue.", field="to_year")
    try:
        with transaction.atomic():
            copy = copy or Catalogue.objects.create(financial_year=to_year, terms=source.terms)
    except IntegrityError:
        raise SlaError(f"{to_year} already has a catalogue.", field="to_year") from None
    copy.terms = copy.terms.strip() or source.terms
    copy.save(update_fields=["terms"])
    new_services = {}
    for service in source.services.all():
        new_services[service.pk] = Service(
            catalogue=copy,
            **{name: getattr(service, name) for name in SERVICE_FIELDS if name != "unit_price"},
            unit_price=uplifted(service.unit_price, uplift_percent),
        )
    packages = list(source.packages.prefetch_related("items"))
    new_packages = [
        Package(
            catalogue=copy,
            **{name: getattr(package, name) for name in PACKAGE_FIELDS if name != "price"},
            price=uplifted(package.price, uplift_percent),
        )
        for package in packages
    ]
    check_prices(services=new_services.values(), packages=new_packages, field="uplift_percent")
    Service.objects.bulk_create(new_services.values())
    Package.objects.bulk_create(new_packages)
    PackageItem.objects.bulk_create(
        [
            PackageItem(package=new, service=new_services[item.service_id], quantity=item.quantity)
            for old, new in zip(packages, new_packages, strict=True)
            for item in old.items.all()
        ]
    )
    record_change(
        actor=by,
        instance=copy,
        action=AuditEvent.Action.CREATED,
        after={"copied_from": str(source.financial_year), "uplift_percent": str(uplift_percent)},
    )
    return copy


@transaction.atomic
def publish_catalogue(*, catalogue: Catalogue, by: User) -> Catalogue:
    """Open the catalogue to schools' orders; its prices are fixed from now on."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.is_published:
        raise SlaError("This catalogue is already published.")
    if not catalogue.services.exists():
        raise SlaError("Add at least one service before publishing the catalogue.")
    if not catalogue.terms.strip():
        raise SlaError("Write the terms schools accept before publishing the catalogue.")
    catalogue.published_at = timezone.now()
    catalogue.save(update_fields=["published_at"])
    record_change(
        actor=by,
        instance=catalogue,
        action=AuditEvent.Action.UPDATED,
        before={"published_at": None},
        after={"published_at": str(catalogue.published_at)},
    )
    return catalogue


@transaction.atomic
def delete_draft_catalogue(*, catalogue: Catalogue, by: User) -> None:
    """Delete an unpublished catalogue with its services and packages; refused once schools can order."""
    catalogue = Catalogue.objects.select_for_update().select_related("financial_year").get(pk=catalogue.pk)
    if not can_delete(catalogue):
        raise SlaError(
            f"The {catalogue.financial_year} catalogue is published or has orders, so it is kept: schools' "
            "orders and invoices refer to it."
        )
    record_change(
        actor=by,
        instance=catalogue,
        action=AuditEvent.Action.DELETED,
        before={"financial_year": str(catalogue.financial_year), "services": catalogue.services.count()},
    )
    catalogue.delete()
