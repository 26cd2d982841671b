"""Reads of the termly hire fees: each hireable type with its fee for a year, and the years there are."""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from hub.models import AcademicYear, InstrumentType
from hub.selectors import current_academic_year
from instruments.models import HireFee


def academic_years() -> QuerySet[AcademicYear]:
    return AcademicYear.objects.order_by("-starts_on")


def get_academic_year(start_year: int) -> AcademicYear:
    """The academic year starting in September of `start_year` (404 if the hub has not set it up)."""
    return get_object_or_404(AcademicYear, starts_on__year=start_year)


def year_or_current(start_year: int | None) -> AcademicYear | None:
    if start_year is None:
        return current_academic_year()
    return AcademicYear.objects.filter(starts_on__year=start_year).first()


def hireable_types_with_fees(year: AcademicYear) -> QuerySet[InstrumentType]:
    """The types families can hire, by name, each with its termly `fee` for the year (None if not set)."""
    fee = HireFee.objects.filter(instrument_type=OuterRef("pk"), academic_year=year).values("termly_fee")
    return InstrumentType.objects.filter(hireable=True).annotate(fee=Subquery(fee)).order_by("name")


def hire_fee(*, instrument_type: InstrumentType, year: AcademicYear) -> Decimal | None:
    """A type's termly hire fee in a year, or None if the hub has not set one."""
    return (
        HireFee.objects.filter(instrument_type=instrument_type, academic_year=year)
        .values_list("termly_fee", flat=True)
        .first()
    )
