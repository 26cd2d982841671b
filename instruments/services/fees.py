"""Writes to the termly hire fees: what hiring an instrument of a type costs a family, per academic year."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from hub.models import AcademicYear, InstrumentType, User
from hub.money import round_money
from hub.termly_fees import save_termly_fee
from instruments.errors import InstrumentsError
from instruments.models import HireFee


@transaction.atomic
def set_hire_fees(
    *, academic_year: AcademicYear, fees: Mapping[InstrumentType, Decimal | None], by: User
) -> int:
    """Set each type's termly fee for the year (None takes it away); returns how many fees changed."""
    saved = {
        fee.instrument_type_id: fee
        for fee in HireFee.objects.select_for_update().filter(academic_year=academic_year)
    }
    changed = 0
    for instrument_type, amount in fees.items():
        if amount is not None and amount < 0:
            raise InstrumentsError(f"The fee for {instrument_type.name} cannot be negative.")
        new = None if amount is None else round_money(amount)
        fee = saved.get(instrument_type.pk) or HireFee(
            instrument_type=instrument_type, academic_year=academic_year
        )
        changed += save_termly_fee(fee, new, by=by)
    return changed
