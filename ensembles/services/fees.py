"""Writes to the ensembles' termly fees: what a member's family pays a term, per academic year."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, EnsembleFee
from hub.models import AcademicYear, User
from hub.money import round_money
from hub.termly_fees import save_termly_fee


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
        changed += save_termly_fee(fee, new, by=by)
    return changed
