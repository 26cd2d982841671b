"""Floor 0: one termly fee row saved, changed or taken away, with its line in the audit trail: hire fees per
instrument type and ensemble fees per ensemble are both a fee per academic year, kept the same way."""

from decimal import Decimal

from django.db import models

from hub.audit import record_change
from hub.models import AuditEvent, User


def save_termly_fee(fee: models.Model, new: Decimal | None, *, by: User) -> int:
    """Save the fee row (a model with `termly_fee`) at the new amount, or delete it for None; 1 if it
    changed, else 0. The amount is rounded already (hub.money.round_money)."""
    old = fee.termly_fee if fee.pk else None  # type: ignore[attr-defined]
    if old == new:
        return 0
    before = {} if old is None else {"termly_fee": str(old)}
    after = {} if new is None else {"termly_fee": str(new)}
    if new is None:
        record_change(actor=by, instance=fee, action=AuditEvent.Action.DELETED, before=before)
        fee.delete()
        return 1
    action = AuditEvent.Action.UPDATED if fee.pk else AuditEvent.Action.CREATED
    fee.termly_fee = new  # type: ignore[attr-defined]
    fee.save()
    record_change(actor=by, instance=fee, action=action, before=before, after=after)
    return 1
