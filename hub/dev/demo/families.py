"""Families: parents and carers with their children, who go to schools near home, weighted by roll."""

import dataclasses
import datetime
import itertools
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from hub.calendar import academic_year_dates
from hub.dev.demo import names
from hub.dev.demo.equality import EqualitySpec, draw_equality, draw_gender, ethnicity_weights
from hub.dev.demo.places import AreaSpec, areas_for, mobile, postcode
from hub.dev.demo.scale import SEED, Scale
from hub.dev.demo.schools import SchoolSpec
from hub.dev.demo.users import BATCH_SIZE, FAMILY_DOMAIN, email_part, insert_users, unusable_password
from hub.models import Guardian
from schools.models import EqualityRecord, Gender, Pupil

TWO_GUARDIANS = 0.22
CHILDREN_WEIGHTS = ((1, 33), (2, 41), (3, 18), (4, 6), (5, 2))
SIBLING_GAPS = ((0, 3), (1, 15), (2, 35), (3, 30), (4, 17))  # years between siblings; 0 is twins
GIVES_EQUALITY = 0.85
SAME_SCHOOL_AS_SIBLING = 0.85
# Children outside the register the hub knows: home educated, independent or out-of-county schools.
OTHER_SCHOOLS = (
    ("Home educated", 40),
    ("St Aldhelm's Preparatory School (independent)", 20),
    ("Wyeford Grange School (independent)", 15),
    ("Northshire Steiner School (independent)", 10),
    ("A school outside Northshire", 15),
)
OTHER_SCHOOL_SHARE = 0.015
YEAR_GROUPS = range(14)  # Reception to Year 13
# Fewer sixth formers stay at school (many go to college), so fewer of them turn up at the hub.
YEAR_WEIGHTS = tuple(0.55 if year >= 12 else 1.0 for year in YEAR_GROUPS)


@dataclass(slots=True)
class PersonSpec:
    first_name: str
    last_name: str
    email: str
    password: str
    joined: datetime.datetime
    phone: str
    address: tuple[str, str, str, str]  # line 1, line 2, town, postcode


@dataclass(slots=True)
class ChildSpec:
    public_id: uuid.UUID
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    school_index: int | None  # into the list of school specs
    other_school_name: str
    equality: EqualitySpec | None


@dataclass(slots=True)
class _Household:
    """What the children of one family share while they are drawn."""

    area: AreaSpec
    pool: names.NamePool
    surname: str
    ethnicity: str
    fsm: bool
    gives_equality: bool = True
    children: list[ChildSpec] = field(default_factory=list)


@dataclass(slots=True)
class FamilySpec:
    guardians: list[PersonSpec]
    children: list[ChildSpec]


class SchoolChooser:
    """Picks a school for a child of an area and year group, by roll and by how many pupils have free meals.

    A child on free school meals is drawn with weight roll x FSM share, any other child with weight
    roll x (1 - FSM share), so a school's pupils on free meals match its published percentage on average.
    """

    def __init__(self, schools: Sequence[SchoolSpec], areas: Sequence[AreaSpec]):
        self.schools = schools
        self.open = [i for i, spec in enumerate(schools) if spec.takes_pupils]
        self.area_rolls = {area.slug: 0 for area in areas}
        weighted_fsm = dict.fromkeys(self.area_rolls, 0.0)
        for i in self.open:
            spec = schools[i]
            self.area_rolls[spec.area_slug] += spec.roll
            weighted_fsm[spec.area_slug] += spec.roll * (spec.fsm_percent or 0) / 100
        self.area_fsm = {
            slug: weighted_fsm[slug] / roll if roll else 0.0 for slug, roll in self.area_rolls.items()
        }
        self._cache: dict[tuple[str | None, int, bool], tuple[list[int], list[float]]] = {}

    def choose(self, rng: random.Random, *, area: str, year: int, fsm: bool) -> int | None:
        indexes, cumulative = self._options(area, year, fsm)
        if not indexes:
            indexes, cumulative = self._options(None, year, fsm)
        if not indexes:
            return None
        return rng.choices(indexes, cum_weights=cumulative)[0]

    def _options(self, area: str | None, year: int, fsm: bool) -> tuple[list[int], list[float]]:
        key = (area, year, fsm)
        if key not in self._cache:
            indexes, weights = [], []
            for i in self.open:
                spec = self.schools[i]
                if year in spec.year_groups and (area is None or spec.area_slug == area):
                    share = (spec.fsm_percent or 0) / 100
                    indexes.append(i)
                    weights.append(spec.roll / len(spec.year_groups) * (share if fsm else 1 - share))
            self._cache[key] = (indexes, list(itertools.accumulate(weights)))
        return self._cache[key]


def family_specs(
    *, scale: Scale, schools: Sequence[SchoolSpec], start_year: int, today: datetime.date, seed: int = SEED
) -> Iterator[FamilySpec]:
    """Families until there are enough guardians (less one for the demo parent); touches no database."""
    rng = random.Random(f"{seed}:families")
    areas = areas_for(scale.areas)
    chooser = SchoolChooser(schools, areas)
    area_weights = [chooser.area_rolls[area.slug] for area in areas]
    ethnicities = {area.slug: ethnicity_weights(area.diversity) for area in areas}
    wanted, made, number = scale.guardians - 1, 0, 0
    while made < wanted:
        area = rng.choices(areas, weights=area_weights)[0]
        codes, weights = ethnicities[area.slug]
        ethnicity = rng.choices(codes, weights=weights)[0]
        fsm = rng.random() < chooser.area_fsm[area.slug]
        pool, surnames = names.POOLS_BY_ETHNICITY[ethnicity]
        surname = rng.choice(surnames)
        address = _address(rng, area) if rng.random() < 0.95 else ("", "", "", "")
        guardian_count = 2 if rng.random() < TWO_GUARDIANS and made + 2 <= wanted else 1
        # Most lone parents are mothers; most couples are a mother and a father.
        female = rng.random() < (0.88 if guardian_count == 1 else 0.8)
        guardians = []
        for position in range(guardian_count):
            number += 1
            last = surname if position == 0 or rng.random() < 0.75 else rng.choice(surnames)
            guardians.append(
                _guardian(rng, pool, female=female, last=last, number=number, address=address, today=today)
            )
            female = not female if rng.random() < 0.95 else female
        made += guardian_count
        household = _Household(area=area, pool=pool, surname=surname, ethnicity=ethnicity, fsm=fsm)
        household.gives_equality = rng.random() < GIVES_EQUALITY
        birthdays: dict[int, datetime.date] = {}
        children = household.children
        for year in _year_groups(rng):
            child = _child(rng, chooser, household, year=year, start_year=start_year)
            # Two children of one family in the same school year are twins.
            child.date_of_birth = birthdays.setdefault(year, child.date_of_birth)
            children.append(child)
        yield FamilySpec(guardians=guardians, children=children)


def _year_groups(rng: random.Random) -> list[int]:
    count = rng.choices([n for n, _ in CHILDREN_WEIGHTS], weights=[w for _, w in CHILDREN_WEIGHTS])[0]
    years = [rng.choices(YEAR_GROUPS, weights=YEAR_WEIGHTS)[0]]
    for _ in range(count - 1):
        gap = rng.choices([g for g, _ in SIBLING_GAPS], weights=[w for _, w in SIBLING_GAPS])[0]
        year = min(years) - gap
        if year < 0:
            year = max(years) + gap
        if year > 13:
            year = rng.choice(YEAR_GROUPS)
        years.append(year)
    return years


def _guardian(rng, pool, *, female, last, number, address, today) -> PersonSpec:
    first = rng.choice(pool.women if female else pool.men)
    joined = datetime.datetime.combine(
        today - datetime.timedelta(days=rng.randint(1, 4 * 365)),
        datetime.time(rng.randint(7, 22), rng.randint(0, 59)),
        tzinfo=datetime.UTC,
    )
    return PersonSpec(
        first_name=first,
        last_name=last,
        email=f"{email_part(first)}.{email_part(last)}{number}@{FAMILY_DOMAIN}",
        password=unusable_password(rng),
        joined=joined,
        phone=mobile(rng) if rng.random() < 0.8 else "",
        address=address,
    )


def _address(rng: random.Random, area: AreaSpec) -> tuple[str, str, str, str]:
    line_2 = names.place_names(rng, 1, taken=set())[0] if rng.random() < 0.3 else ""
    return (
        f"{rng.randint(1, 180)} {names.street_name(rng)}",
        line_2,
        rng.choice(area.towns),
        postcode(rng, area),
    )


def _child(
    rng: random.Random, chooser: SchoolChooser, household: _Household, *, year: int, start_year: int
) -> ChildSpec:
    gender = draw_gender(rng)
    girl = gender == Gender.GIRL or (gender != Gender.BOY and rng.random() < 0.5)
    # Born in the academic year (1 September to 31 August) that puts the child in this year group now.
    born_from, born_by = academic_year_dates(start_year - year - 5)
    born = born_from + datetime.timedelta(days=rng.randint(0, (born_by - born_from).days))
    school_index = None
    if rng.random() >= OTHER_SCHOOL_SHARE:
        # Most brothers and sisters go to the same school when it teaches both their years (a special
        # school's place is the child's own, though).
        shared = [
            c.school_index
            for c in household.children
            if c.school_index is not None
            and year in chooser.schools[c.school_index].year_groups
            and chooser.schools[c.school_index].phase != "Special"
        ]
        if shared and rng.random() < SAME_SCHOOL_AS_SIBLING:
            school_index = shared[0]
        else:
            school_index = chooser.choose(rng, area=household.area.slug, year=year, fsm=household.fsm)
    other = ""
    if school_index is None:
        other = rng.choices([name for name, _ in OTHER_SCHOOLS], weights=[w for _, w in OTHER_SCHOOLS])[0]
    equality = None
    if household.gives_equality:
        special = school_index is not None and chooser.schools[school_index].phase == "Special"
        equality = draw_equality(
            rng,
            gender=gender,
            ethnicity=household.ethnicity,
            free_school_meals=household.fsm,
            special_school=special,
        )
    names_taken = {c.first_name for c in household.children}
    first_name = rng.choice(household.pool.girls if girl else household.pool.boys)
    while first_name in names_taken:
        first_name = rng.choice(household.pool.girls if girl else household.pool.boys)
    return ChildSpec(
        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        first_name=first_name,
        last_name=household.surname,
        date_of_birth=born,
        school_index=school_index,
        other_school_name=other,
        equality=equality,
    )


def create_families(
    *, families: Iterable[FamilySpec], school_ids: Sequence[int], chunk_size: int = 2000
) -> tuple[int, int]:
    """Write the families in chunks (users, addresses, guardians, pupils, equality, links); counts back."""
    guardian_total = pupil_total = 0
    links_model = Pupil.guardians.through
    families = iter(families)
    while chunk := list(itertools.islice(families, chunk_size)):
        people = [person for family in chunk for person in family.guardians]
        users = insert_users(people=people)
        guardians = [
            Guardian(
                user_id=user.pk,
                phone=p.phone,
                address_line_1=p.address[0],
                address_line_2=p.address[1],
                town=p.address[2],
                postcode=p.address[3],
            )
            for user, p in zip(users, people, strict=True)
        ]
        Guardian.objects.bulk_create(guardians, batch_size=BATCH_SIZE)
        children = [(family_no, child) for family_no, family in enumerate(chunk) for child in family.children]
        pupils = [
            Pupil(
                public_id=c.public_id,
                first_name=c.first_name,
                last_name=c.last_name,
                date_of_birth=c.date_of_birth,
                school_id=None if c.school_index is None else school_ids[c.school_index],
                other_school_name=c.other_school_name,
            )
            for _, c in children
        ]
        Pupil.objects.bulk_create(pupils, batch_size=BATCH_SIZE)
        EqualityRecord.objects.bulk_create(
            [
                EqualityRecord(pupil_id=pupil.pk, **dataclasses.asdict(c.equality))
                for pupil, (_, c) in zip(pupils, children, strict=True)
                if c.equality
            ],
            batch_size=BATCH_SIZE,
        )
        guardians_of = []
        position = 0
        for family in chunk:
            guardians_of.append(guardians[position : position + len(family.guardians)])
            position += len(family.guardians)
        links_model.objects.bulk_create(
            [
                links_model(pupil_id=pupil.pk, guardian_id=guardian.pk)
                for pupil, (family_no, _) in zip(pupils, children, strict=True)
                for guardian in guardians_of[family_no]
            ],
            batch_size=BATCH_SIZE,
        )
        guardian_total += len(guardians)
        pupil_total += len(pupils)
    return guardian_total, pupil_total
