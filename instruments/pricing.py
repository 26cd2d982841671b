"""What a family is shown for hiring an instrument: the type's termly hire fee for a year, after the
remissions the child holds for that year. The one function that prices fees (hub/billing/remissions.py)
does the sums."""

from hub.billing.models import Activity, RemissionCategory
from hub.billing.remissions import PricedFee, price_fee
from hub.models import AcademicYear, InstrumentType
from instruments.selectors.fees import hire_fee
from schools.models import Pupil
from schools.selectors.remissions import approved_categories


def termly_hire_fee(fee, categories: list[RemissionCategory]) -> PricedFee:
    return price_fee(fee=fee, activity=Activity.HIRE, categories=categories)


def termly_hire_fee_for(
    pupil: Pupil, instrument_type: InstrumentType, year: AcademicYear | None
) -> PricedFee | None:
    """The termly fee to hire the type in `year` for this child, with their remission for that year as its own
    line; None when the hub has set no fee for the type that year."""
    if year is None:
        return None
    fee = hire_fee(instrument_type=instrument_type, year=year)
    if fee is None:
        return None
    return termly_hire_fee(fee, approved_categories(pupil, year))
