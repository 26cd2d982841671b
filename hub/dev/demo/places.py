"""The fictional county of Northshire: its areas, towns, postcodes and how deprived and diverse each is."""

import random
from dataclasses import dataclass

from django.utils.text import slugify

COUNTY = "Northshire"
LA_CODE = "931"
# The inward part of a postcode never uses C, I, K, M, O or V.
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class AreaSpec:
    """One area of the county, with what drives its schools and families."""

    name: str
    slug: str
    towns: tuple[str, ...]
    postcode_districts: tuple[int, ...]
    district_code: str
    district_name: str
    fsm_percent: float  # mean share of pupils on free school meals in the area's schools
    diversity: float  # how far the ethnic mix departs from White British; 1.0 is England's average
    share: float  # share of the county's schools


# Name, towns (the first is the main one), postcode districts, FSM %, diversity, share of schools.
# The first two make the small demo: one city area and one rural one.
_AREA_TABLE = (
    ("Brindleton North", ("Brindleton", "Hatherley"), (1, 2), 32.0, 2.6, 0.13),
    ("Ashby and District", ("Ashby-le-Moor", "Coldwell", "Marfield"), (5, 6), 17.0, 0.5, 0.10),
    ("Brindleton South", ("Brindleton", "Sowerby End"), (3, 4), 29.0, 1.9, 0.12),
    ("Corrington", ("Corrington", "Stainby"), (7,), 26.0, 1.2, 0.10),
    ("Dunhallow Valley", ("Dunhallow", "Fellbridge", "Ormsby"), (8, 9), 23.0, 0.55, 0.09),
    ("Easterby Coast", ("Easterby", "Saltmarsh", "Whitcombe Bay"), (10, 11), 31.0, 0.4, 0.10),
    ("Greyhaven", ("Greyhaven", "Lowther Green"), (12,), 21.0, 0.9, 0.09),
    ("Hollinsford and the Wolds", ("Hollinsford", "Kestwick", "Thornby"), (13, 14), 12.0, 0.35, 0.10),
    ("Iverley Vale", ("Iverley", "Pendle Cross"), (15,), 16.0, 0.6, 0.08),
    ("Redbrook and Wyeford", ("Redbrook", "Wyeford"), (16, 17), 27.0, 0.9, 0.09),
)
AREAS = tuple(
    AreaSpec(
        name=name,
        slug=slugify(name),
        towns=towns,
        postcode_districts=districts,
        district_code=f"E07000{901 + index}",
        district_name=name,
        fsm_percent=fsm,
        diversity=diversity,
        share=share,
    )
    for index, (name, towns, districts, fsm, diversity, share) in enumerate(_AREA_TABLE)
)


def areas_for(count: int) -> tuple[AreaSpec, ...]:
    """The first count areas of the county."""
    return AREAS[:count]


def postcode(rng: random.Random, area: AreaSpec) -> str:
    district = rng.choice(area.postcode_districts)
    letters = rng.choice(POSTCODE_UNIT_LETTERS) + rng.choice(POSTCODE_UNIT_LETTERS)
    return f"NS{district} {rng.randint(1, 9)}{letters}"


def landline(rng: random.Random) -> str:
    # Ofcom keeps 01632 960xxx for drama, so no real number is ever dialled from the demo.
    return f"01632 960{rng.randint(0, 999):03d}"


def mobile(rng: random.Random) -> str:
    # Likewise 07700 900xxx: reserved mobile numbers.
    return f"07700 900{rng.randint(0, 999):03d}"
