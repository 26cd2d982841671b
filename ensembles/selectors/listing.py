"""The public listing of ensembles, for families and visitors who have not signed in: the active ensembles,
narrowed by a child's age, an instrument and an area, each with its sections and this year's termly fee."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection
from ensembles.selectors.fees import fee_for
from hub.models import AcademicYear, Area, InstrumentType
from hub.selectors import current_academic_year


def listing_areas() -> list[Area]:
    return list(Area.objects.order_by("name"))


def listing_instruments() -> list[InstrumentType]:
    """The instrument types some active ensemble has a section for, by name."""
    used = EnsembleSection.objects.filter(instrument_types=OuterRef("pk"), ensemble__is_active=True)
    return list(InstrumentType.objects.filter(Exists(used)).order_by("name"))


def _shown(year: AcademicYear | None) -> QuerySet[Ensemble]:
    sections = EnsembleSection.objects.prefetch_related("instrument_types").order_by("name")
    found = Ensemble.objects.filter(is_active=True).select_related("area").annotate(fee=fee_for(year))
    return found.prefetch_related(Prefetch("sections", queryset=sections))


def public_ensembles(
    *,
    year: AcademicYear | None,
    age: int | None = None,
    instrument: InstrumentType | None = None,
    area: Area | None = None,
) -> QuerySet[Ensemble]:
    """Active ensembles that take a child of that age, on that instrument, in that area (county-wide ones
    are in every area), by name: three queries (with sections and their instruments), however many."""
    found = _shown(year)
    if age is not None:
        found = found.filter(min_age__lte=age, max_age__gte=age)
    if instrument is not None:
        takes = EnsembleSection.objects.filter(ensemble=OuterRef("pk"), instrument_types=instrument)
        found = found.filter(Exists(takes))
    if area is not None:
        found = found.filter(Q(area=area) | Q(area__isnull=True))
    return found.order_by("name", "pk")


def get_public_ensemble(slug: str) -> tuple[Ensemble, AcademicYear | None]:
    """An active ensemble with its sections and this year's fee, and the year; 404 for an inactive one."""
    year = current_academic_year()
    found = _shown(year).filter(slug=slug).first()
    if found is None:
        raise Http404("No such ensemble.")
    return found, year
