"""The public listing of ensembles, for families and visitors who have not signed in: the active ensembles,
narrowed by a child's age, an instrument and an area, each with its sections and this year's termly fee."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection
from ensembles.selectors.fees import fee_for
from hub.models import AcademicYear, Area, InstrumentType
from hub.selectors import current_academic_year


def listing_areas() -> list[Area]:
    return list(Area.objects.order_by("name"))


def listing_instruments() -> list[InstrumentType]:
    """The instrument types some active ensemble has a section for, by name, with the name and slug the
    filter shows (a join made distinct compiles faster than an EXISTS look-up of sections)."""
    used = InstrumentType.objects.filter(ensemble_sections__ensemble__is_active=True).distinct()
    return list(used.order_by("name").only("name", "slug"))


def taking_age(age: int) -> Q:
    """Ensembles whose age range holds a child of that age in whole years (Ensemble.takes_age for one)."""
    return Q(min_age__lte=age, max_age__gte=age)


def _shown(year: AcademicYear | None) -> QuerySet[Ensemble]:
    return Ensemble.objects.filter(is_active=True).select_related("area").annotate(fee=fee_for(year))


def with_sections_text(ensembles: list[Ensemble]) -> list[Ensemble]:
    """Each ensemble with `sections_text`, "Violins (Violin, Viola); Cellos (Cello)", from one query of plain
    values: a listing of sixty built eight hundred section and type objects to write these lines."""
    names: dict[int, dict[int, tuple[str, list[str]]]] = defaultdict(dict)
    rows = (
        EnsembleSection.objects.filter(ensemble__in=ensembles)
        .order_by("name", "pk", "instrument_types__name")
        .values_list("ensemble_id", "pk", "name", "instrument_types__name")
    )
    for ensemble_id, section_id, name, kind in rows:
        _, kinds = names[ensemble_id].setdefault(section_id, (name, []))
        if kind:
            kinds.append(kind)
    for ensemble in ensembles:
        sections = names[ensemble.pk].values()
        ensemble.sections_text = "; ".join(f"{name} ({', '.join(kinds)})" for name, kinds in sections)  # type: ignore[attr-defined]
    return ensembles


def public_ensembles(
    *,
    year: AcademicYear | None,
    age: int | None = None,
    instrument: InstrumentType | None = None,
    area: Area | None = None,
) -> QuerySet[Ensemble]:
    """Active ensembles that take a child of that age, on that instrument, in that area (county-wide ones
    are in every area), by name: one query (with_sections_text adds one), however many."""
    found = _shown(year)
    if age is not None:
        found = found.filter(taking_age(age))
    if instrument is not None:
        takes = EnsembleSection.objects.filter(ensemble=OuterRef("pk"), instrument_types=instrument)
        found = found.filter(Exists(takes))
    if area is not None:
        found = found.filter(Q(area=area) | Q(area__isnull=True))
    return found.order_by("name", "pk")


def get_public_ensemble(slug: str) -> tuple[Ensemble, AcademicYear | None]:
    """An active ensemble with its sections and this year's fee, and the year; 404 for an inactive one."""
    year = current_academic_year()
    try:
        # Not .first(): the slug is unique, and ordering by name adds to the query's building.
        found = _shown(year).get(slug=slug)
    except Ensemble.DoesNotExist as error:
        raise Http404("No such ensemble.") from error
    return _with_section_list(found), year


def _with_section_list(ensemble: Ensemble) -> Ensemble:
    """The ensemble with `section_list`, each section's name and its types' names in the catalogue's order
    (family, then name), by the sections' names, and `sections_text` as with_sections_text writes it: one
    query of plain values, where a prefetch of the sections and their types and then that line took three."""
    found: dict[int, tuple[str, list[str]]] = {}
    rows = (
        EnsembleSection.objects.filter(ensemble=ensemble)
        .order_by("name", "pk", "instrument_types__family", "instrument_types__name")
        .values_list("pk", "name", "instrument_types__name")
    )
    for pk, name, kind in rows:
        kinds = found.setdefault(pk, (name, []))[1]
        if kind:
            kinds.append(kind)
    sections = found.values()
    ensemble.section_list = [(name, ", ".join(kinds)) for name, kinds in sections]  # type: ignore[attr-defined]
    # By name, as with_sections_text's query sorts them (the database sorts text by code point, as Python).
    ensemble.sections_text = "; ".join(f"{name} ({', '.join(sorted(kinds))})" for name, kinds in sections)  # type: ignore[attr-defined]
    return ensemble
