"""Reads of the ensembles' termly fees: each ensemble with its fee for a year."""

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Value

from ensembles.models import Ensemble, EnsembleFee
from hub.models import AcademicYear


def fee_for(year: AcademicYear | None):
    """A subquery of an ensemble's termly fee in the year (None where none is set), for `annotate`."""
    if year is None:
        return Value(None, output_field=DecimalField())
    # Unordered: the model's ordering (by the year's start and the ensemble's name) joined both tables into
    # the look-up of each ensemble's one fee.
    fees = EnsembleFee.objects.filter(ensemble=OuterRef("pk"), academic_year=year).order_by()
    return Subquery(fees.values("termly_fee"))


def ensembles_with_fees(year: AcademicYear) -> QuerySet[Ensemble]:
    """Every ensemble by name (its name alone read: the fees form shows no more), each with its termly `fee`
    for the year (None if not set)."""
    return Ensemble.objects.annotate(fee=fee_for(year)).only("pk", "name").order_by("name", "pk")
