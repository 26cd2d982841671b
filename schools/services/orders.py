"""Writes about SLA orders: a school's draft and submission, finance's decision, and amendments."""

from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.money import ZERO
from schools.agreement import renew_agreement
from schools.emails import order_email_context, tell_of_submission, tell_ordering_contacts
from schools.errors import InvoicingError, SlaError
from schools.limits import check_amendment, check_order_total, check_quantities
from schools.models import (
    Catalogue,
    Package,
    School,
    Service,
    Subscription,
    SubscriptionLine,
)
from schools.pricing import order_totals
from schools.selectors.catalogue import is_open_for_orders
from schools.selectors.delivery import usage_for
from schools.services.invoicing import invoice_amendment

ORDER_FIELDS = ["status", "package", "package_price", "instalments", "accepted_by_name", "return_comment"]


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


def refuse_unless_editable(subscription: Subscription) -> None:
    """Refuse to change an order the school has submitted (until finance returns it)."""
    if not subscription.is_editable_by_school:
        raise SlaError("This order has been submitted, so it cannot be changed.")


def refuse_unless_amendable(subscription: Subscription) -> None:
    """Refuse to amend an order finance has not approved."""
    if subscription.status != Subscription.Status.APPROVED:
        raise SlaError("Only an approved order can be amended.")


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
    refuse_unless_editable(subscription)
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
    tell_of_submission(subscription)
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
    tell_ordering_contacts(subscription, template, order_email_context(subscription))
    return subscription


@transaction.atomic
def amend_order(*, subscription: Subscription, service: Service, quantity: Decimal, by: User) -> int:
    """Add (or, with a negative quantity, take away) a service on an approved order; invoice the difference.

    Returns the amendment's number.
    """
    subscription = _locked(subscription)
    refuse_unless_amendable(subscription)
    if service.catalogue_id != subscription.catalogue_id:
        raise SlaError("Choose a service from this order's catalogue.", field="service")
    if quantity == 0:
        raise SlaError("Give a quantity to add, or a negative one to take away.", field="quantity")
    check_amendment(subscription=subscription, service=service, quantity=quantity)
    if quantity < 0:
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
    try:
        invoice_amendment(subscription=subscription, amendment=number, by=by)
    except InvoicingError as error:
        raise SlaError(f"The amendment was not made: {error}") from error
    return number
