"""Writes about the SLA: the yearly catalogue, schools' orders, finance's decisions, amendments, delivery."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hub.access import has_role
from hub.audit import record_change, snapshot
from hub.mail import salutation, send_templated, site_url
from hub.models import AuditEvent, FinancialYear, StaffRole, User
from hub.money import ZERO, round_money
from schools.models import (
    Catalogue,
    Delivery,
    Package,
    PackageItem,
    School,
    Service,
    Subscription,
    SubscriptionLine,
)
from schools.sla_agreement import renew_agreement
from schools.sla_amounts import (  # noqa: F401 - re-exported for the views
    agreed_instalments,
    instalment_plan,
    order_totals,
    subscription_totals,
)
from schools.sla_errors import SlaError
from schools.sla_limits import check_amendment, check_order_total, check_prices, check_quantities
from schools.sla_selectors import bought_services, empty_drafts

SERVICE_FIELDS = ["code", "name", "description", "unit", "unit_price", "vat_rate", "is_class_teaching"]
PACKAGE_FIELDS = ["code", "name", "description", "price", "vat_rate"]
ORDER_FIELDS = ["status", "package", "package_price", "instalments", "accepted_by_name", "return_comment"]


# --- The catalogue ------------------------------------------------------------------------------------------


def _refuse_if_published(catalogue: Catalogue) -> None:
    if catalogue.is_published:
        raise SlaError(
            f"The {catalogue.financial_year} catalogue is published, so its prices and packages are fixed: "
            "schools' orders copy them."
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
    _refuse_if_published(Catalogue.objects.select_for_update().get(pk=catalogue.pk))
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
    _refuse_if_published(Catalogue.objects.select_for_update().get(pk=catalogue.pk))
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
    factor = 1 + Decimal(uplift_percent) / 100
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
            unit_price=round_money(service.unit_price * factor),
        )
    packages = list(source.packages.prefetch_related("items"))
    new_packages = [
        Package(
            catalogue=copy,
            **{name: getattr(package, name) for name in PACKAGE_FIELDS if name != "price"},
            price=round_money(package.price * factor),
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


def is_open_for_orders(catalogue: Catalogue, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return catalogue.is_published and (catalogue.order_deadline is None or today <= catalogue.order_deadline)


# --- Orders -------------------------------------------------------------------------------------------------


def _check_order(*, catalogue: Catalogue, package: Package | None, lines: Sequence[tuple[Service, Decimal]]):
    if not is_open_for_orders(catalogue):
        raise SlaError(f"The {catalogue.financial_year} catalogue is not open for orders.")
    if package is None and not lines:
        raise SlaError("Choose a package or add at least one service.")
    if package is not None and package.catalogue_id != catalogue.pk:
        raise SlaError("Choose a package from this year's catalogue.", field="package")
    services = [service for service, _ in lines]
    if len(set(services)) != len(services):
        raise SlaError("Each service can be on the order once: add the quantities together.")
    if any(service.catalogue_id != catalogue.pk for service in services):
        raise SlaError("Choose services from this year's catalogue.")
    if any(quantity <= 0 for _, quantity in lines):
        raise SlaError("Quantities are more than zero.")
    check_quantities(lines)
    check_order_total(order_totals(package=package, lines=lines))


def _write_order(
    subscription: Subscription,
    *,
    package: Package | None,
    lines: Sequence[tuple[Service, Decimal]],
    instalments: int,
    by: User,
) -> None:
    subscription.package = package
    subscription.package_price = package.price if package else ZERO
    subscription.package_vat_rate = package.vat_rate if package else ZERO
    subscription.instalments = instalments
    subscription.save()
    subscription.lines.filter(amendment=0).delete()
    SubscriptionLine.objects.bulk_create(
        [
            SubscriptionLine(
                subscription=subscription,
                service=service,
                quantity=quantity,
                unit_price=service.unit_price,
                vat_rate=service.vat_rate,
                added_by=by,
            )
            for service, quantity in lines
        ]
    )


def _order_snapshot(subscription: Subscription) -> dict:
    lines = [
        f"{line.quantity} × {line.service.name}" for line in subscription.lines.select_related("service")
    ]
    return snapshot(subscription, ORDER_FIELDS) | {"lines": sorted(lines)}


@transaction.atomic
def create_order(
    *,
    school: School,
    catalogue: Catalogue,
    package: Package | None,
    lines: Sequence[tuple[Service, Decimal]],
    instalments: int,
    by: User,
) -> Subscription:
    """A school's draft order for a year: a package and extra lines at the catalogue's prices."""
    _check_order(catalogue=catalogue, package=package, lines=lines)
    subscription = Subscription(school=school, catalogue=catalogue, created_by=by)
    try:
        # A savepoint, so that the constraint's error leaves the outer transaction usable.
        with transaction.atomic():
            _write_order(subscription, package=package, lines=lines, instalments=instalments, by=by)
    except IntegrityError:
        raise SlaError(
            f"{school.name} already has an order for {catalogue.financial_year}. Open the existing order "
            "to change it."
        ) from None
    record_change(
        actor=by, instance=subscription, action=AuditEvent.Action.CREATED, after=_order_snapshot(subscription)
    )
    return subscription


def _locked(subscription: Subscription) -> Subscription:
    return (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("school", "catalogue__financial_year", "package")
        .get(pk=subscription.pk)
    )


@transaction.atomic
def update_order(
    *,
    subscription: Subscription,
    package: Package | None,
    lines: Sequence[tuple[Service, Decimal]],
    instalments: int,
    by: User,
) -> Subscription:
    """Change a draft or returned order."""
    subscription = _locked(subscription)
    if not subscription.is_editable_by_school:
        raise SlaError("This order has been submitted, so it cannot be changed.")
    _check_order(catalogue=subscription.catalogue, package=package, lines=lines)
    before = _order_snapshot(subscription)
    _write_order(subscription, package=package, lines=lines, instalments=instalments, by=by)
    record_change(
        actor=by,
        instance=subscription,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=_order_snapshot(subscription),
    )
    return subscription


@transaction.atomic
def submit_order(*, subscription: Subscription, accepted_by_name: str, by: User) -> Subscription:
    """The school accepts the terms (name and time recorded) and sends the order to the hub."""
    # Lock the order: a double-clicked Submit waits here and then finds the order already submitted.
    subscription = _locked(subscription)
    if not subscription.is_editable_by_school:
        raise SlaError("This order has already been submitted.")
    accepted_by_name = accepted_by_name.strip()
    if not accepted_by_name:
        raise SlaError("Type your name to accept the terms.", field="name")
    if not is_open_for_orders(subscription.catalogue):
        raise SlaError(f"The ordering deadline for {subscription.catalogue.financial_year} has passed.")
    if not subscription.package_id and not subscription.lines.exists():
        raise SlaError("Choose a package or add at least one service before submitting.")
    before = _order_snapshot(subscription)
    now = timezone.now()
    subscription.status = Subscription.Status.SUBMITTED
    subscription.accepted_by, subscription.accepted_by_name = by, accepted_by_name
    subscription.accepted_at = subscription.submitted_at = now
    subscription.return_comment = ""
    renew_agreement(subscription)
    subscription.save()
    record_change(
        actor=by,
        instance=subscription,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=_order_snapshot(subscription),
    )
    context = _email_context(subscription)
    _tell_contacts(subscription, "order_submitted", context)
    send_templated("schools/email/order_submitted_hub", context, to=[settings.HUB_EMAIL])
    return subscription


@transaction.atomic
def approve_order(*, subscription: Subscription, by: User) -> Subscription:
    """Hub finance accepts a submitted order; it can now be invoiced and delivered against."""
    subscription = _locked(subscription)
    if subscription.status != Subscription.Status.SUBMITTED:
        raise SlaError(
            f"Only a submitted order can be approved; this one is {subscription.get_status_display()}."
        )
    return _decide(subscription, Subscription.Status.APPROVED, comment="", by=by)


@transaction.atomic
def return_order(*, subscription: Subscription, comment: str, by: User) -> Subscription:
    """Hub finance sends a submitted order back to the school with a comment; the school can change it."""
    subscription = _locked(subscription)
    comment = comment.strip()
    if not comment:
        raise SlaError(
            "Say why the order is being returned, so the school can put it right.", field="comment"
        )
    if subscription.status != Subscription.Status.SUBMITTED:
        raise SlaError(
            f"Only a submitted order can be returned; this one is {subscription.get_status_display()}."
        )
    return _decide(subscription, Subscription.Status.RETURNED, comment=comment, by=by)


def _decide(subscription: Subscription, status: str, *, comment: str, by: User) -> Subscription:
    before = _order_snapshot(subscription)
    subscription.status = status
    subscription.return_comment = comment
    subscription.decided_by, subscription.decided_at = by, timezone.now()
    renew_agreement(subscription)
    subscription.save()
    record_change(
        actor=by,
        instance=subscription,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=_order_snapshot(subscription),
    )
    template = "order_approved" if status == Subscription.Status.APPROVED else "order_returned"
    _tell_contacts(subscription, template, _email_context(subscription))
    return subscription


@transaction.atomic
def amend_order(*, subscription: Subscription, service: Service, quantity: Decimal, by: User) -> int:
    """Add (or, with a negative quantity, take away) a service on an approved order; invoice the difference.

    Returns the amendment's number.
    """
    subscription = _locked(subscription)
    if subscription.status != Subscription.Status.APPROVED:
        raise SlaError("Only an approved order can be amended.")
    if service.catalogue_id != subscription.catalogue_id:
        raise SlaError("Choose a service from this order's catalogue.", field="service")
    if quantity == 0:
        raise SlaError("Give a quantity to add, or a negative one to take away.", field="quantity")
    check_amendment(subscription=subscription, service=service, quantity=quantity)
    if quantity < 0:
        from schools.sla_selectors import usage_for  # the selector reads; this service only checks

        row = next((row for row in usage_for(subscription) if row.service.pk == service.pk), None)
        bought, delivered = (row.bought, row.delivered) if row else (ZERO, ZERO)
        if bought + quantity < delivered:
            raise SlaError(
                f"The order would then have {bought + quantity} of {service.name}, less than the "
                f"{delivered} already delivered.",
                field="quantity",
            )
    number = (subscription.lines.aggregate(last=Max("amendment"))["last"] or 0) + 1
    line = SubscriptionLine.objects.create(
        subscription=subscription,
        service=service,
        quantity=quantity,
        unit_price=service.unit_price,
        vat_rate=service.vat_rate,
        amendment=number,
        added_by=by,
    )
    record_change(
        actor=by,
        instance=subscription,
        action=AuditEvent.Action.UPDATED,
        after={"amendment": number, "line": f"{line.quantity} × {service.name} at {service.unit_price}"},
    )
    # Billing issues a supplementary invoice (or a credit note) for this amendment's lines, in this
    # transaction: if it cannot, the amendment is not made either.
    from schools.sla_billing import InvoicingError, invoice_amendment

    try:
        invoice_amendment(subscription=subscription, amendment=number, by=by)
    except InvoicingError as error:
        raise SlaError(f"The amendment was not made: {error}") from error
    return number


# --- Delivery -----------------------------------------------------------------------------------------------


def is_tutor(user: User | None) -> bool:
    return user is not None and has_role(user, StaffRole.TUTOR)


@transaction.atomic
def record_delivery(
    *,
    subscription: Subscription,
    service: Service,
    delivered_on: datetime.date,
    quantity: Decimal,
    delivered_by: User,
    class_name: str = "",
    pupils_reached: int | None = None,
    notes: str = "",
    by: User,
) -> Delivery:
    """Log what the hub delivered against an approved order."""
    if subscription.status != Subscription.Status.APPROVED:
        raise SlaError("Delivery is recorded against approved orders only.")
    year = subscription.catalogue.financial_year
    if delivered_on > timezone.localdate():
        raise SlaError("The date cannot be in the future.", field="delivered_on")
    if not year.starts_on <= delivered_on <= year.ends_on:
        raise SlaError(
            f"The date is outside the order's financial year ({year.starts_on:%d/%m/%Y} to "
            f"{year.ends_on:%d/%m/%Y}).",
            field="delivered_on",
        )
    if service.pk not in {s.pk for s in bought_services(subscription)}:
        raise SlaError("The order does not include this service.", field="service")
    if quantity <= 0:
        raise SlaError("The quantity delivered is more than zero.", field="quantity")
    check_quantities([(service, quantity)], field="quantity")
    if not is_tutor(delivered_by):
        raise SlaError("Choose the tutor who delivered it.", field="delivered_by")
    class_name = class_name.strip()
    if service.is_class_teaching:
        if not class_name:
            raise SlaError(f"{service.name} is class teaching: give the class.", field="class_name")
        if not pupils_reached:
            raise SlaError(
                f"{service.name} is class teaching: give the number of pupils reached.",
                field="pupils_reached",
            )
    delivery = Delivery.objects.create(
        subscription=subscription,
        service=service,
        delivered_on=delivered_on,
        quantity=quantity,
        delivered_by=delivered_by,
        class_name=class_name,
        pupils_reached=pupils_reached,
        notes=notes.strip(),
        recorded_by=by,
    )
    record_change(
        actor=by,
        instance=subscription,
        action=AuditEvent.Action.UPDATED,
        after={"delivery": str(delivery), "delivered_by": str(delivered_by)},
    )
    return delivery


# --- E-mail -------------------------------------------------------------------------------------------------


def ordering_contacts(school: School) -> list[User]:
    """The school's active contacts who may order, who are told about its orders."""
    return [
        contact.user
        for contact in school.contacts.filter(can_order=True, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]


def _email_context(subscription: Subscription) -> dict:
    path = reverse(
        "schools:order-view", kwargs={"urn": subscription.school.urn, "public_id": subscription.public_id}
    )
    staff_path = reverse("schools:order-detail", kwargs={"public_id": subscription.public_id})
    lines = list(subscription.lines.select_related("service"))
    totals = subscription_totals(subscription, lines=lines)
    return {
        "subscription": subscription,
        "school": subscription.school,
        "year": subscription.catalogue.financial_year,
        "totals": totals,
        "items": list(subscription.package.items.select_related("service"))
        if subscription.package_id
        else [],
        "instalments": agreed_instalments(subscription, lines=lines),
        "link": site_url(path),
        "staff_link": site_url(staff_path),
    }


def _tell_contacts(subscription: Subscription, template: str, context: dict) -> None:
    """One e-mail to the school's ordering contacts, greeting each by name."""
    contacts = ordering_contacts(subscription.school)
    send_templated(
        f"schools/email/{template}",
        {**context, "greeting": salutation(contacts)},
        to=[user.email for user in contacts],
    )
