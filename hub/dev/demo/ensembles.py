"""The demo hub's ensembles: area ensembles in every area and the county's own, with their sections, this
year's and next year's termly fees, and leaders; written in bulk, from one seed, once (a re-run finds
ensembles and adds nothing). The demo ensemble leader leads three of them."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.text import slugify

from ensembles.models import Ensemble, EnsembleFee, EnsembleSection, Level
from hub.calendar import academic_start_year
from hub.dev.demo import signins
from hub.dev.demo.places import AREAS
from hub.dev.demo.scale import Scale
from hub.models import AcademicYear, Area, InstrumentType, StaffRole, User

SECTIONS = {
    "strings": (("Upper strings", ["Violin"], 16), ("Lower strings", ["Viola", "Cello", "Double bass"], 10)),
    "wind": (
        ("Flutes", ["Flute"], 6),
        ("Clarinets", ["Clarinet"], 8),
        ("Saxophones", ["Alto saxophone", "Tenor saxophone"], 4),
    ),
    "brass": (
        ("Cornets and trumpets", ["Cornet", "Trumpet"], 8),
        ("Low brass", ["Trombone", "Euphonium", "Tuba"], 6),
    ),
    "percussion": (("Percussion", ["Tuned percussion", "Drum kit"], 3),),
    "guitars": (("Guitars", ["Classical guitar", "Electric guitar"], 20), ("Bass", ["Bass guitar"], 4)),
    "jazz": (
        ("Saxophones", ["Alto saxophone", "Tenor saxophone"], 5),
        ("Trumpets", ["Trumpet"], 4),
        ("Trombones", ["Trombone"], 4),
        ("Rhythm", ["Drum kit", "Bass guitar", "Electric guitar", "Piano"], 4),
    ),
    "voices": (("Sopranos", ["Voice"], 20), ("Altos", ["Voice"], 20), ("Tenors and basses", ["Voice"], 20)),
}


@dataclass(frozen=True)
class Kind:
    """One kind of ensemble: its name (after the place, for an area's), who it is for, when it meets, what
    a term costs, and its sections (names of SECTIONS, joined by "+")."""

    name: str
    level: str
    min_age: int
    max_age: int
    min_grade: int
    max_grade: int
    day: int  # Monday is 0
    starts: str
    ends: str
    capacity: int
    fee: str
    sections: str

    def section_rows(self) -> list[tuple[str, list[str], int]]:
        return [row for part in self.sections.split("+") for row in SECTIONS[part]]


A, C, X = Level.AREA, Level.COUNTY, Level.ADVANCED
AREA_KINDS = tuple(
    Kind(*row)
    for row in (
        ("Junior Strings", A, 7, 11, 0, 3, 5, "09:30", "11:00", 45, "36.00", "strings"),
        ("Concert Band", A, 9, 14, 2, 5, 2, "17:00", "18:30", 60, "42.00", "wind+brass+percussion"),
        ("Youth Orchestra", A, 10, 16, 3, 6, 5, "10:00", "12:30", 80, "48.00", "strings+wind+brass"),
        ("Guitar Ensemble", A, 8, 14, 1, 5, 3, "16:30", "17:45", 30, "32.00", "guitars"),
        ("Brass Band", A, 9, 16, 1, 6, 1, "18:00", "19:30", 40, "40.00", "brass+percussion"),
    )
)
COUNTY_KINDS = tuple(
    Kind(*row)
    for row in (
        ("County Youth Orchestra", X, 13, 19, 6, 8, 5, "13:30", "17:00", 90, "75.00", "strings+wind+brass"),
        ("County Youth Wind Orchestra", X, 13, 19, 5, 8, 6, "14:00", "17:00", 70, "70.00", "wind+brass"),
        ("County Training Orchestra", C, 11, 16, 4, 6, 5, "13:30", "16:00", 80, "60.00", "strings+wind"),
        ("County Youth Jazz Orchestra", X, 14, 19, 5, 8, 4, "18:00", "20:30", 22, "65.00", "jazz"),
        ("County Youth Choir", C, 10, 18, 0, 8, 0, "18:00", "19:30", 80, "35.00", "voices"),
        ("County Youth Brass Band", C, 12, 18, 4, 7, 6, "10:00", "13:00", 35, "58.00", "brass+percussion"),
        ("County Chamber Strings", X, 12, 19, 6, 8, 3, "18:00", "20:00", 30, "62.00", "strings"),
        ("County Junior Wind Band", C, 9, 13, 2, 4, 5, "09:30", "12:00", 60, "45.00", "wind+brass"),
        ("County Guitar Orchestra", C, 11, 18, 3, 7, 2, "18:00", "19:30", 35, "45.00", "guitars"),
        ("County Percussion Ensemble", C, 11, 18, 3, 7, 1, "17:30", "19:00", 16, "45.00", "percussion"),
    )
)
_TOWNS = {spec.slug: spec.towns for spec in AREAS}


def create_ensembles(*, scale: Scale, today: datetime.date, seed: int) -> dict[str, int]:
    """The demo's ensembles with sections, fees and leaders, unless there are ensembles; counts to print."""
    if Ensemble.objects.exists() or scale.ensembles < 1:
        return {}
    rng = random.Random(f"{seed}:ensembles")
    areas = list(Area.objects.order_by("pk"))
    ensembles = Ensemble.objects.bulk_create(_ensembles(scale.ensembles, areas, rng))
    types = dict(InstrumentType.objects.values_list("name", "pk"))
    sections = _create_sections(ensembles, types)
    fees = _create_fees(ensembles, today)
    led = _appoint_leaders(ensembles)
    return {
        "ensembles": len(ensembles),
        "ensemble sections": sections,
        "ensemble fees": fees,
        "ensembles for the demo leader": led,
    }


def _ensembles(count: int, areas: list[Area], rng: random.Random) -> list[Ensemble]:
    """County ensembles (a sixth of them) and area ensembles, each kind in every area before the next kind."""
    county = [_ensemble(kind, None, rng) for kind in COUNTY_KINDS][: max(1, count // 6)]
    in_areas = [_ensemble(kind, area, rng) for kind in AREA_KINDS for area in areas]
    chosen = (county + in_areas)[:count]
    # However small the hub, one ensemble is kept from families' sight, as a hub's retired ones are.
    if len(chosen) >= 4:
        chosen[-1].is_active = False
    return chosen


def _ensemble(kind: Kind, area: Area | None, rng: random.Random) -> Ensemble:
    towns = _TOWNS.get(area.slug, (area.name,)) if area else ("Brindleton",)
    # Named after the area, not its main town: two areas share Brindleton.
    name = f"{area.name} {kind.name}" if area else kind.name
    venue = rng.choice(
        [f"{towns[0]} Music Centre", f"{rng.choice(towns)} High School", f"{towns[0]} Academy"]
    )
    return Ensemble(
        name=name,
        slug=slugify(name),
        level=kind.level,
        area=area,
        min_age=kind.min_age,
        max_age=kind.max_age,
        min_grade=kind.min_grade,
        max_grade=kind.max_grade,
        venue=venue,
        rehearsal_weekday=kind.day,
        starts_at=datetime.time.fromisoformat(kind.starts),
        ends_at=datetime.time.fromisoformat(kind.ends),
        capacity=kind.capacity,
        description=f"For players aged {kind.min_age} to {kind.max_age}, rehearsing weekly in term time.",
    )


def _kind_of(ensemble: Ensemble) -> Kind:
    return next(kind for kind in AREA_KINDS + COUNTY_KINDS if ensemble.name.endswith(kind.name))


def _create_sections(ensembles: list[Ensemble], types: dict[str, int]) -> int:
    sections, wanted = [], []
    for ensemble in ensembles:
        for name, instruments, target in _kind_of(ensemble).section_rows():
            sections.append(EnsembleSection(ensemble=ensemble, name=name, target=target))
            wanted.append([types[item] for item in instruments if item in types])
    EnsembleSection.objects.bulk_create(sections)
    links = EnsembleSection.instrument_types.through
    links.objects.bulk_create(
        links(ensemblesection_id=section.pk, instrumenttype_id=type_id)
        for section, type_ids in zip(sections, wanted, strict=True)
        for type_id in type_ids
    )
    return len(sections)


def _create_fees(ensembles: list[Ensemble], today: datetime.date) -> int:
    """This year's fee, and next year's a little higher, for every ensemble."""
    start = academic_start_year(today)
    years = list(AcademicYear.objects.filter(starts_on__year__in=[start, start + 1]).order_by("starts_on"))
    fees = [
        EnsembleFee(
            ensemble=ensemble, academic_year=year, termly_fee=Decimal(_kind_of(ensemble).fee) + 2 * index
        )
        for ensemble in ensembles
        for index, year in enumerate(years)
    ]
    EnsembleFee.objects.bulk_create(fees)
    return len(fees)


def _appoint_leaders(ensembles: list[Ensemble]) -> int:
    """The demo leader leads the first three (county ensembles at county scale; a county one and two area
    ones in the small hub); the staff with the leader's role share the rest. Returns how many the demo
    leader leads."""
    demo = User.objects.filter(email=signins.ENSEMBLES.email).first()
    others = list(
        User.objects.filter(groups__name=StaffRole.ENSEMBLE_LEADER)
        .exclude(Q(email=signins.ENSEMBLES.email) | Q(is_active=False))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links = Ensemble.leaders.through
    rows = []
    for index, ensemble in enumerate(ensembles):
        if demo is not None and index < 3:
            rows.append(links(ensemble_id=ensemble.pk, user_id=demo.pk))
        elif others:
            rows.append(links(ensemble_id=ensemble.pk, user_id=others[index % len(others)]))
    links.objects.bulk_create(rows)
    return min(3, len(ensembles)) if demo is not None else 0
