"""Writes to the ensembles' termly fees: what a member's family pays a term, per academic year."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, EnsembleFee
from hub.audit import record_change
from hub.models import AcademicYear, AuditEvent, User
from hub.money import round_money


@transaction.atomic
def set_ensemble_fees(
    *, academic_year: AcademicYear, fees: Mapping[Ensemble, Decimal | None], by: User
) -> int:
    """Set each ensemble's termly fee for the year (None takes it away); returns how many fees changed."""
    saved = {
        fee.ensemble_id: fee
        for fee in EnsembleFee.objects.select_for_update().filter(academic_year=academic_year)
    }
    changed = 0
    for ensemble, amount in fees.items():
        if amount is not None and amount < 0:
            raise EnsemblesError(f"The fee for {ensemble.name} cannot be negative.")
        new = None if amount is None else round_money(amount)
        fee = saved.get(ensemble.pk) or EnsembleFee(ensemble=ensemble, academic_year=academic_year)
        changed += _set_fee(fee, new, by=by)
    return changed


def _set_fee(fee: EnsembleFee, new: Decimal | None, *, by: User) -> int:
    """Save (or delete) one fee and its line in the audit trail; 1 if it changed, else 0."""
    old = fee.termly_fee if fee.pk else None
    if old == new:
        return 0
    before = {} if old is None else {"termly_fee": str(old)}
    after = {} if new is None else {"termly_fee": str(new)}
    if new is None:
        record_change(actor=by, instance=fee, action=AuditEvent.Action.DELETED, before=before)
        fee.delete()
        return 1
    action = AuditEvent.Action.UPDATED if fee.pk else AuditEvent.Action.CREATED
    fee.termly_fee = new
    fee.save()
    record_change(actor=by, instance=fee, action=action, before=before, after=after)
    return 1
