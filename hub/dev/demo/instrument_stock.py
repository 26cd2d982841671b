"""The instrument store's stock as a county's music service holds it: the makes and models it buys for each
hireable type, what each cost and would cost to replace, its tag (NMH-000123, in the order bought) and its
serial number; and the termly hire fees for this academic year and next."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from hub.dev.demo.catalogue import INSTRUMENTS
from hub.models import AcademicYear
from hub.money import round_money
from instruments.models import HireFee

TAG_PREFIX = "NMH-"
OLDEST_STOCK_YEARS = 12

# name: (share of the stock, termly hire fee this year, [(make, model, sizes or None for all, cost £)]).
STOCK: dict[str, tuple[int, str, list[tuple[str, str, tuple[str, ...] | None, int]]]] = {
    "Violin": (
        220,
        "24.00",
        [
            ("Stentor", "Student I", None, 95),
            ("Stentor", "Student II", None, 140),
            ("Primavera", "Prima 200", None, 120),
            ("Hidersine", "Vivente", None, 185),
            ("Gliga", "Gems 2", ("3/4", "4/4"), 260),
        ],
    ),
    "Viola": (
        40,
        "24.00",
        [
            ("Stentor", "Student II", None, 160),
            ("Primavera", "Prima 200", None, 150),
            ("Hidersine", "Vivente", None, 210),
        ],
    ),
    "Cello": (
        70,
        "36.00",
        [
            ("Stentor", "Student II", None, 480),
            ("Primavera", "Prima 200", None, 450),
            ("Hidersine", "Vivente", None, 620),
            ("Gliga", "Gems 2", ("3/4", "4/4"), 880),
        ],
    ),
    "Double bass": (
        12,
        "45.00",
        [("Stentor", "Student II", None, 1250), ("Gliga", "Gems 2", ("1/2", "3/4"), 1650)],
    ),
    "Flute": (
        70,
        "27.00",
        [
            ("Yamaha", "YFL-212", ("Standard",), 520),
            ("Trevor James", "10X", ("Standard",), 480),
            ("Jupiter", "JFL700WD", ("Curved head",), 560),
            ("Trevor James", "Privilege Curved", ("Curved head",), 610),
        ],
    ),
    "Clarinet": (
        80,
        "27.00",
        [
            ("Buffet Crampon", "Prodige", None, 520),
            ("Yamaha", "YCL-255", None, 460),
            ("Jupiter", "JCL700", None, 390),
            ("Nuvo", "Clarineo", None, 85),
        ],
    ),
    "Oboe": (12, "39.00", [("Howarth", "S5", None, 1650), ("Yamaha", "YOB-241", None, 1900)]),
    "Bassoon": (
        6,
        "48.00",
        [("Guntram Wolf", "Fagottino", ("Fagottino",), 3900), ("Fox", "Renard 220", ("Standard",), 6200)],
    ),
    "Alto saxophone": (
        40,
        "36.00",
        [
            ("Yamaha", "YAS-280", None, 980),
            ("Trevor James", "Classic II", None, 870),
            ("Jupiter", "JAS700", None, 760),
        ],
    ),
    "Tenor saxophone": (
        12,
        "42.00",
        [("Yamaha", "YTS-280", None, 1450), ("Trevor James", "Classic II", None, 1250)],
    ),
    "Trumpet": (
        60,
        "27.00",
        [
            ("Yamaha", "YTR-2330", None, 420),
            ("Jupiter", "JTR500", None, 330),
            ("Bach", "TR650", None, 520),
            ("pTrumpet", "pTrumpet", None, 95),
        ],
    ),
    "Cornet": (
        50,
        "24.00",
        [("Yamaha", "YCR-2330III", None, 450), ("Besson", "Prodige BE120", None, 520)],
    ),
    "Trombone": (
        50,
        "27.00",
        [
            ("Yamaha", "YSL-154", ("Tenor",), 480),
            ("Jupiter", "JTB700", ("Tenor",), 430),
            ("pBone", "Original", ("Plastic (pBone)",), 110),
        ],
    ),
    "Tenor horn": (
        30,
        "27.00",
        [
            ("Besson", "BE152", None, 1150),
            ("Yamaha", "YAH-203", None, 980),
            ("John Packer", "JP172", None, 690),
        ],
    ),
    "Baritone": (20, "33.00", [("Besson", "BE157", None, 1650), ("John Packer", "JP173", None, 980)]),
    "Euphonium": (
        12,
        "36.00",
        [
            ("Besson", "BE162", None, 2300),
            ("Yamaha", "YEP-201", None, 1900),
            ("John Packer", "JP174", None, 1350),
        ],
    ),
    "French horn": (
        12,
        "42.00",
        [
            ("Jupiter", "JHR700", ("Single F",), 1200),
            ("Yamaha", "YHR-567", ("Double",), 3400),
            ("Hans Hoyer", "6801", ("Double",), 2900),
        ],
    ),
    "Tuba": (
        8,
        "48.00",
        [("Besson", "BE177", ("E flat",), 4200), ("John Packer", "JP179", ("B flat",), 3100)],
    ),
    "Classical guitar": (
        80,
        "18.00",
        [("Yamaha", "C40", None, 110), ("Admira", "Alba", None, 130), ("Valencia", "VC104", None, 70)],
    ),
    "Electric guitar": (
        12,
        "24.00",
        [("Squier", "Bullet Stratocaster", None, 190), ("Yamaha", "Pacifica 012", None, 210)],
    ),
    "Bass guitar": (
        8,
        "27.00",
        [("Squier", "Affinity Precision Bass", None, 260), ("Yamaha", "TRBX174", None, 240)],
    ),
    "Ukulele": (
        60,
        "9.00",
        [("Mahalo", "MR1", ("Soprano",), 30), ("Kala", "KA-15S", ("Soprano", "Concert"), 55)],
    ),
    "Keyboard": (25, "21.00", [("Yamaha", "PSR-E373", None, 220), ("Casio", "CT-S300", None, 150)]),
    "Tuned percussion": (
        8,
        "30.00",
        [
            ("Percussion Plus", "PP882 Glockenspiel", ("Glockenspiel",), 140),
            ("Percussion Plus", "PP096 Xylophone", ("Xylophone",), 390),
        ],
    ),
}
# How often each size is bought, where it differs from even: children grow through the fractions.
SIZE_WEIGHTS = {
    "Violin": {"1/16": 2, "1/10": 3, "1/8": 6, "1/4": 14, "1/2": 22, "3/4": 25, "4/4": 28},
    "Cello": {"1/4": 20, "1/2": 30, "3/4": 30, "4/4": 20},
    "Viola": {'12"': 8, '13"': 15, '14"': 25, '15"': 25, '15.5"': 15, '16"': 12},
    "Classical guitar": {"1/4": 10, "1/2": 30, "3/4": 35, "4/4": 25},
    "Trombone": {"Tenor": 60, "Plastic (pBone)": 40},
    "Ukulele": {"Soprano": 80, "Concert": 15, "Tenor": 5},
}
# What a class set is made of: a type and size whole-class teaching uses, and how many in a set.
CLASS_SET_KINDS = (
    ("Ukulele", "Soprano", 30),
    ("Violin", "1/2", 15),
    ("Violin", "1/4", 15),
    ("Cornet", "", 15),
    ("Trombone", "Plastic (pBone)", 15),
    ("Classical guitar", "1/2", 15),
)


@dataclass(slots=True)
class Stock:
    """One instrument being made: its row, and as the history of hires leaves it."""

    id: int
    tag: str
    type_name: str
    type_id: int
    size: str
    make: str
    model: str
    serial: str
    purchased_on: datetime.date
    cost: Decimal
    replacement: Decimal
    condition: str = "good"
    status: str = "available"
    school_id: int | None = None
    notes: str = ""


def hireable_types() -> list[str]:
    return [name for name, _family, _sizes, hireable in INSTRUMENTS if hireable and name in STOCK]


def draw_stock(*, count: int, types: dict[str, int], today: datetime.date, rng: random.Random) -> list[Stock]:
    """`count` instruments spread over the hireable types by their share (tags and ids come later)."""
    names = hireable_types()
    shares = [STOCK[name][0] for name in names]
    sizes_of = {name: sizes for name, _family, sizes, _hireable in INSTRUMENTS}
    drawn = []
    for name in rng.choices(names, weights=shares, k=count):
        size = ""
        if sizes := list(sizes_of[name]):
            weights = SIZE_WEIGHTS.get(name, {})
            size = rng.choices(sizes, weights=[weights.get(s, 1) for s in sizes])[0]
        drawn.append(draw_one(name, size, types=types, today=today, rng=rng))
    return drawn


def draw_one(
    name: str,
    size: str,
    *,
    types: dict[str, int],
    today: datetime.date,
    rng: random.Random,
    newer: bool = False,
) -> Stock:
    """One instrument of the type and size, of a make and model the store buys in that size."""
    models = STOCK[name][2]
    fitting = [m for m in models if m[2] is None or size in m[2]] or models
    make, model, _, base = rng.choice(fitting)
    return _instrument(name, types[name], size, make, model, base, today, rng, newer=newer)


def tag_in_order(items: list[Stock]) -> None:
    """Tags in the order the instruments were bought, as a store labels its stock: NMH-000001 first."""
    items.sort(key=lambda item: (item.purchased_on, item.serial))
    for number, item in enumerate(items, start=1):
        item.tag = f"{TAG_PREFIX}{number:06d}"


def _instrument(name, type_id, size, make, model, base, today, rng, *, newer=False) -> Stock:
    # Most of the stock is a few years old; some has been lent for a decade. Class sets were bought lately.
    if newer:
        age_days = rng.randint(400, 1000)
    else:
        age_days = min(int(rng.expovariate(1 / 1800)) + 30, OLDEST_STOCK_YEARS * 365)
    purchased_on = today - datetime.timedelta(days=age_days)
    # Smaller fractions cost a little less; prices rise about 4% a year, so older stock cost less then.
    cost = round_money(Decimal(base) * Decimal(rng.uniform(0.9, 1.1)) / Decimal(1.04) ** (age_days // 365))
    replacement = round_money(Decimal(base) * Decimal(rng.uniform(1.05, 1.25)))
    serial = f"{make[:2].upper()}{purchased_on:%y}{rng.randrange(10**6):06d}"
    return Stock(
        id=0,
        tag="",
        type_name=name,
        type_id=type_id,
        size=size,
        make=make,
        model=model,
        serial=serial,
        purchased_on=purchased_on,
        cost=cost,
        replacement=replacement,
    )


def ensure_hire_fees(*, year: AcademicYear, next_year: AcademicYear, types: dict[str, int]) -> int:
    """This year's termly fee for each hireable type, and next year's up 4%; missing ones only."""
    have = set(
        HireFee.objects.filter(academic_year__in=[year, next_year]).values_list(
            "instrument_type_id", "academic_year_id"
        )
    )
    fees = []
    for name in hireable_types():
        this_year = Decimal(STOCK[name][1])
        for academic_year, fee in ((year, this_year), (next_year, round_money(this_year * Decimal("1.04")))):
            if (types[name], academic_year.pk) not in have:
                fees.append(
                    HireFee(instrument_type_id=types[name], academic_year=academic_year, termly_fee=fee)
                )
    HireFee.objects.bulk_create(fees)
    return len(fees)
