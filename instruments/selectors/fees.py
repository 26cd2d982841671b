"""Reads of the termly hire fees: each hireable type with its fee for a year, and the years there are."""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from hub.models import AcademicYear, InstrumentType
from instruments.models import HireFee


def hireable_types_with_fees(year: AcademicYear) -> QuerySet[InstrumentType]:
    """The types families can hire, by name, each with its termly `fee` for the year (None if not set)."""
    # Unordered: the model's ordering (by the year and the type's name) joined both tables into the look-up of
    # each type's one fee.
    fee = (
        HireFee.objects.filter(instrument_type=OuterRef("pk"), academic_year=year)
        .order_by()
        .values("termly_fee")
    )
    return (
        InstrumentType.objects.filter(hireable=True)
        .annotate(fee=Subquery(fee))
        .only("pk", "name", "slug")
        .order_by("name")
    )


def hire_fee(*, instrument_type: InstrumentType, year: AcademicYear) -> Decimal | None:
    """A type's termly hire fee in a year, or None if the hub has not set one."""
    return (
        HireFee.objects.filter(instrument_type=instrument_type, academic_year=year)
        .values_list("termly_fee", flat=True)
        .first()
    )
