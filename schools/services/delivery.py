"""Writes about delivery: what the hub delivered against an approved order."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.access import has_role
from hub.audit import record_change
from hub.calendar import financial_year_for
from hub.models import AuditEvent, StaffRole, User
from schools.errors import SlaError
from schools.limits import check_quantities
from schools.models import (
    Delivery,
    Service,
    Subscription,
)
from schools.selectors.delivery import bought_services


def is_tutor(user: User | None) -> bool:
    return user is not None and has_role(user, StaffRole.TUTOR)


def refuse_unless_deliverable(subscription: Subscription) -> None:
    """Refuse to log delivery against an order finance has not approved."""
    if subscription.status != Subscription.Status.APPROVED:
        raise SlaError("Delivery is recorded against approved orders only.")


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
    refuse_unless_deliverable(subscription)
    year = subscription.catalogue.financial_year
    if delivered_on > timezone.localdate():
        raise SlaError("The date cannot be in the future.", field="delivered_on")
    if financial_year_for(delivered_on) != year:
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
