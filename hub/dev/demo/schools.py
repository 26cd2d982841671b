"""Northshire's schools as the register of schools (GIAS) would list them: phases, types, rolls and FSM."""

import dataclasses
import random
from collections.abc import Sequence
from decimal import Decimal

from hub.dev.demo import names
from hub.dev.demo.places import COUNTY, LA_CODE, AreaSpec, areas_for, landline, postcode
from hub.dev.demo.scale import SEED, Scale
from schools.models import School

CE, RC = "ce", "rc"
# (name template, weight, religious character); {place} is a village or suburb, {town} the area's town.
NAME_PATTERNS: dict[str, tuple[tuple[str, int, str | None], ...]] = {
    "Primary": (
        ("{place} Primary School", 30, None),
        ("{place} Community Primary School", 6, None),
        ("{feature} Primary School", 14, None),
        ("{feature} Primary Academy", 6, None),
        ("{place} Church of England Primary School", 10, CE),
        ("{place} CofE Primary School", 6, CE),
        ("St {saint}'s Church of England Primary School", 4, CE),
        ("St {saint}'s Catholic Primary School", 8, RC),
        ("{place} Methodist Primary School", 1, None),
    ),
    "Secondary": (
        ("{place} High School", 20, None),
        ("{place} Academy", 18, None),
        ("{feature} Academy", 10, None),
        ("{place} School", 10, None),
        ("The {place} School", 6, None),
        ("{place} Community College", 8, None),
        ("{place} School and Sixth Form", 4, None),
        ("{town} Grammar School", 2, None),
        ("St {saint}'s Catholic High School", 7, RC),
        ("St {saint}'s Catholic College", 3, RC),
        ("{place} Church of England Academy", 5, CE),
    ),
    "Special": (
        ("{feature} School", 45, None),
        ("The {feature} School", 20, None),
        ("{place} School", 15, None),
        ("{feature} Academy", 10, None),
    ),
    "Nursery": (("{place} Nursery School", 70, None), ("{feature} Nursery School", 30, None)),
    "All-through": (
        ("{place} Academy", 50, None),
        ("{place} All-through School", 20, None),
        ("{feature} School", 30, None),
    ),
    "16 plus": (
        ("{town} Sixth Form College", 40, None),
        ("{place} Sixth Form Academy", 30, None),
        ("{town} Sixth Form", 30, None),
    ),
    "Middle deemed primary": (("{place} Middle School", 70, None), ("{place} CofE Middle School", 30, CE)),
    "Middle deemed secondary": (("{place} Middle School", 70, None), ("{place} CofE Middle School", 30, CE)),
}
MAINTAINED = (("Community school", 60), ("Foundation school", 8))
ACADEMY = (("Academy converter", 70), ("Academy sponsor led", 22), ("Free schools", 8))
RELIGIOUS = {
    CE: (("Voluntary controlled school", 40), ("Voluntary aided school", 20), ("Academy converter", 40)),
    RC: (("Voluntary aided school", 55), ("Academy converter", 45)),
}
TYPES_BY_PHASE = {
    "Special": (
        ("Community special school", 55),
        ("Academy special converter", 25),
        ("Foundation special school", 8),
        ("Academy special sponsor led", 6),
        ("Free schools special", 6),
    ),
    "Nursery": (("Local authority nursery school", 1),),
    "16 plus": (
        ("Academy 16-19 converter", 50),
        ("Free schools 16 to 19", 30),
        ("Academy 16 to 19 sponsor led", 20),
    ),
}
# The share of schools (without a religious character) that are academies, roughly as in England today.
ACADEMY_SHARE = {"Primary": 0.42, "Secondary": 0.8, "All-through": 1.0}
ACADEMY_PREFIXES = ("Academy", "Free schools")
# URN blocks: maintained schools keep their old numbers, academies and free schools got newer ones.
MAINTAINED_URNS = range(121_000, 127_000)
ACADEMY_URNS = range(136_000, 152_000)
FALLBACK_URNS = range(999_999, 990_000, -1)


@dataclasses.dataclass(frozen=True, slots=True)
class SchoolSpec:
    """One school to create, before it has a database id."""

    urn: int
    name: str
    area_slug: str
    phase: str
    establishment_type: str
    status: str
    street: str
    locality: str
    town: str
    postcode: str
    telephone: str
    head_name: str
    low_age: int
    high_age: int
    roll: int | None
    boys: int | None
    girls: int | None
    fsm_percent: float | None
    year_groups: tuple[int, ...]  # the National Curriculum years it teaches (0 = Reception)

    @property
    def takes_pupils(self) -> bool:
        return self.status in (School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE) and bool(self.roll)


def school_specs(*, scale: Scale, seed: int = SEED) -> list[SchoolSpec]:
    """Every school of a demo hub, the same list for the same seed and scale; touches no database."""
    rng = random.Random(f"{seed}:schools")
    areas = areas_for(scale.areas)
    maker = _SchoolMaker(rng)
    open_count = scale.schools - scale.closed_schools
    quotas = [("Primary", open_count - sum(n for _, n in scale.phases)), *scale.phases]
    specs: list[SchoolSpec] = []
    proposed = 1 if scale.schools >= 100 else 0
    for phase, quota in quotas:
        for area, count in zip(areas, apportion(quota, [a.share for a in areas]), strict=True):
            made = 0
            while made < count:
                if phase == "Primary" and proposed and count - made > 1:
                    specs.append(maker.proposed_free_school(area))
                    proposed, made = 0, made + 1
                elif phase == "Primary" and count - made >= 2 and rng.random() < 0.08:
                    specs.extend(maker.infant_and_junior(area))
                    made += 2
                else:
                    specs.append(maker.school(area, phase))
                    made += 1
    specs = _mark_closing(rng, specs, count=2 if scale.schools >= 100 else 0)
    return specs + maker.closed_predecessors(specs, count=scale.closed_schools)


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """Split total in proportion to shares, by largest remainder, so that the parts add up."""
    exact = [total * share / sum(shares) for share in shares]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _weighted(rng: random.Random, options: Sequence[tuple]) -> tuple:
    return rng.choices(options, weights=[option[1] for option in options])[0]


def _mark_closing(rng: random.Random, specs: list[SchoolSpec], *, count: int) -> list[SchoolSpec]:
    # Small village primaries are the ones a council proposes to close.
    small = [i for i, s in enumerate(specs) if s.phase == "Primary" and s.roll and s.roll < 90 and s.locality]
    closing = set(rng.sample(small, min(count, len(small))))
    return [
        dataclasses.replace(s, status=School.Status.PROPOSED_TO_CLOSE) if i in closing else s
        for i, s in enumerate(specs)
    ]


class _SchoolMaker:
    """Draws schools one by one, keeping names and URNs unique across the county."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: set[str] = set()
        self.places: set[str] = set()
        self.urns: set[int] = set()

    def school(self, area: AreaSpec, phase: str) -> SchoolSpec:
        name, place, religion = self._name(area, phase)
        kind = self._type(phase, name, religion)
        low, high = self._ages(phase)
        roll = self._roll(phase, low, high)
        return self._spec(area, phase, name, place, kind, low, high, roll)

    def infant_and_junior(self, area: AreaSpec) -> list[SchoolSpec]:
        place = self._place()
        forms = self.rng.choice((1, 1, 2, 2, 3))  # the junior school takes the infant school's classes
        pair = []
        for label, low, high in (("Infant", 4, 7), ("Junior", 7, 11)):
            name = self._claim(f"{place} {label} School")
            kind = self._type("Primary", name, None)
            roll = round(30 * forms * (high - low) * self.rng.uniform(0.85, 1.05))
            pair.append(self._spec(area, "Primary", name, place, kind, low, high, roll))
        return pair

    def proposed_free_school(self, area: AreaSpec) -> SchoolSpec:
        place = self._place()
        name = self._claim(f"{place} Primary Free School")
        spec = self._spec(area, "Primary", name, place, "Free schools", 4, 11, None)
        return dataclasses.replace(spec, status=School.Status.PROPOSED_TO_OPEN, head_name="")

    def closed_predecessors(self, specs: list[SchoolSpec], *, count: int) -> list[SchoolSpec]:
        """Schools that closed when they became academies: same name and site, older URN, no roll."""
        converters = [
            s for s in specs if s.establishment_type == "Academy converter" and s.phase == "Primary"
        ]
        candidates = converters or [s for s in specs if s.phase == "Primary"]
        closed = []
        for spec in self.rng.sample(candidates, min(count, len(candidates))):
            church = " Church of England " in spec.name or " CofE " in spec.name or "Catholic" in spec.name
            closed.append(
                dataclasses.replace(
                    spec,
                    urn=self._urn("Voluntary aided school" if church else "Community school"),
                    establishment_type="Voluntary aided school" if church else "Community school",
                    status=School.Status.CLOSED,
                    head_name="",
                    roll=None,
                    boys=None,
                    girls=None,
                    fsm_percent=None,
                )
            )
        return closed

    def _spec(self, area, phase, name, place, kind, low, high, roll) -> SchoolSpec:
        rng = self.rng
        boys = None
        if roll is not None:
            # Special schools teach far more boys than girls, as autism and SEMH diagnoses do.
            boys = round(roll * (rng.gauss(0.72, 0.05) if phase == "Special" else rng.gauss(0.512, 0.015)))
            boys = max(0, min(roll, boys))
        return SchoolSpec(
            urn=self._urn(kind),
            name=name,
            area_slug=area.slug,
            phase=phase,
            establishment_type=kind,
            status=School.Status.OPEN,
            street=f"{rng.choice(names.STREETS)} {rng.choice(('Road', 'Lane', 'Street', 'Avenue', 'Way'))}",
            locality=place if place and place not in area.towns else "",
            town=rng.choice(area.towns[:1] * 2 + area.towns),
            postcode=postcode(rng, area),
            telephone=landline(rng),
            head_name=self._head_name(),
            low_age=low,
            high_age=high,
            roll=roll,
            boys=boys,
            girls=None if roll is None else roll - boys,
            fsm_percent=None if roll is None else self._fsm(area, phase),
            year_groups=()
            if phase == "Nursery"
            else tuple(y for y in range(low - 4, high - 4) if 0 <= y <= 13),
        )

    def _name(self, area: AreaSpec, phase: str) -> tuple[str, str, str | None]:
        rng = self.rng
        for _ in range(50):
            template, _, religion = _weighted(rng, NAME_PATTERNS[phase])
            place = self._place() if "{place}" in template else ""
            name = template.format(
                place=place,
                town=area.towns[0],
                feature=rng.choice(names.FEATURES),
                saint=rng.choice(names.SAINTS),
            )
            if name in self.names and "{saint}" in template:
                # Counties have many St Mary's; the register tells them apart by the town.
                name = f"{name}, {rng.choice(area.towns)}"
            if name not in self.names:
                self.names.add(name)
                return name, place, religion
        return self._claim(f"{self._place()} {phase} School"), "", None

    def _claim(self, name: str) -> str:
        while name in self.names:
            name = f"{name}, {self._place()}"
        self.names.add(name)
        return name

    def _place(self) -> str:
        return names.place_names(self.rng, 1, taken=self.places)[0]

    def _type(self, phase: str, name: str, religion: str | None) -> str:
        rng = self.rng
        if phase in TYPES_BY_PHASE:
            return _weighted(rng, TYPES_BY_PHASE[phase])[0]
        if religion:
            return _weighted(rng, RELIGIOUS[religion])[0]
        if "Academy" in name or rng.random() < ACADEMY_SHARE.get(phase, 0.5):
            return _weighted(rng, ACADEMY)[0]
        return _weighted(rng, MAINTAINED)[0]

    def _ages(self, phase: str) -> tuple[int, int]:
        choices = {
            "Primary": ((4, 11), (4, 11), (3, 11)),
            "Secondary": ((11, 16), (11, 18), (11, 18)),
            "Special": ((2, 19), (4, 19), (11, 19), (4, 11)),
            "Nursery": ((2, 5), (3, 5)),
            "All-through": ((4, 18), (3, 18)),
            "16 plus": ((16, 19),),
            "Middle deemed primary": ((8, 12),),
            "Middle deemed secondary": ((9, 13),),
        }
        return self.rng.choice(choices[phase])

    def _roll(self, phase: str, low: int, high: int) -> int:
        rng = self.rng
        if phase == "Primary":
            # Forms of entry: a class of 30 a year, from half a form in a village to three in a town.
            forms = rng.choices((0.5, 1, 1.5, 2, 3), weights=(15, 40, 15, 22, 8))[0]
            return max(25, round(30 * 7 * forms * rng.uniform(0.8, 1.08)))
        if phase == "Secondary":
            mean = 1250 if high == 18 else 1000
            return round(min(1900, max(500, rng.gauss(mean, 280))))
        ranges = {
            "Special": (50, 250, 120),
            "Nursery": (40, 120, 70),
            "All-through": (1100, 1900, 1450),
            "16 plus": (350, 1400, 700),
            "Middle deemed primary": (280, 480, 360),
            "Middle deemed secondary": (380, 650, 500),
        }
        low_roll, high_roll, mode = ranges[phase]
        return round(rng.triangular(low_roll, high_roll, mode))

    def _fsm(self, area: AreaSpec, phase: str) -> float:
        # Lognormal spread around the area's mean; the -0.06 keeps the mean where the area says.
        share = area.fsm_percent * self.rng.lognormvariate(-0.06, 0.35)
        share *= {"Special": 1.5, "16 plus": 0.7, "Nursery": 1.2}.get(phase, 1.0)
        return round(min(70.0, max(2.0, share)), 1)

    def _urn(self, kind: str) -> int:
        block = ACADEMY_URNS if kind.startswith(ACADEMY_PREFIXES) else MAINTAINED_URNS
        while True:
            urn = self.rng.choice(block)
            if urn not in self.urns:
                self.urns.add(urn)
                return urn

    def _head_name(self) -> str:
        rng = self.rng
        title = rng.choice(names.HEAD_TITLES)
        pool = rng.choices(
            (names.BRITISH, names.INDIAN, names.SOUTH_ASIAN_MUSLIM, names.AFRICAN, names.EUROPEAN),
            weights=(82, 6, 5, 4, 3),
        )[0]
        first_names = {"Mr": pool.men, "Dr": pool.men + pool.women}.get(title, pool.women)
        first = rng.choice(first_names)
        return f"{title} {first} {rng.choice(pool.surnames)}"


def create_schools(*, specs: Sequence[SchoolSpec], area_ids: dict[str, int]) -> list[int]:
    """Insert the schools in one pass and return their ids in the order of specs."""
    wanted = [spec.urn for spec in specs]
    taken = set(School.objects.filter(urn__in=wanted).values_list("urn", flat=True))
    # A register imported into the same database may already hold a URN; give the demo school another.
    avoid = taken | set(wanted)
    spare = (urn for urn in FALLBACK_URNS if urn not in avoid)
    rows = []
    for spec in specs:
        urn = next(spare) if spec.urn in taken else spec.urn
        rows.append(
            School(
                urn=urn,
                name=spec.name,
                la_code=LA_CODE,
                la_name=COUNTY,
                establishment_type=spec.establishment_type,
                phase=spec.phase,
                status=spec.status,
                street=spec.street,
                locality=spec.locality,
                town=spec.town,
                county=COUNTY,
                postcode=spec.postcode,
                telephone=spec.telephone,
                head_name=spec.head_name,
                statutory_low_age=spec.low_age,
                statutory_high_age=spec.high_age,
                number_on_roll=spec.roll,
                boys=spec.boys,
                girls=spec.girls,
                percentage_fsm=None if spec.fsm_percent is None else Decimal(f"{spec.fsm_percent:.2f}"),
                district_code=_AREA_DISTRICTS[spec.area_slug][0],
                district_name=_AREA_DISTRICTS[spec.area_slug][1],
                area_id=area_ids[spec.area_slug],
            )
        )
    School.objects.bulk_create(rows, batch_size=2000)
    return [row.pk for row in rows]


_AREA_DISTRICTS = {area.slug: (area.district_code, area.district_name) for area in areas_for(99)}
