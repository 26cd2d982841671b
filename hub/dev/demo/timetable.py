"""Tutors' weekly timetables: half-days at schools where the children are, after-school and Saturday music
centres, and the demo tutor's week, which has lessons on every day of it (weekends at the music centre).

Slots are laid end to end inside a block, one tutor per block, so no tutor is ever in two places at once
(the database's exclusion constraint would refuse it anyway).
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hub.dev.demo.lesson_world import TutorRow, World, public_id
from hub.dev.demo.schools import apportion
from hub.dev.demo.users import BATCH_SIZE
from tuition.models import LessonType, TeachingSlot

# Blocks of a teaching day, in minutes after midnight.
MORNING, AFTERNOON, AFTER_SCHOOL = (9 * 60, 12 * 60), (13 * 60, 15 * 60 + 15), (15 * 60 + 30, 17 * 60 + 45)
SATURDAY_CENTRE, SUNDAY_CENTRE = (9 * 60, 12 * 60 + 30), (14 * 60, 16 * 60)
SCHOOL_DAYS = range(5)
SATURDAY, SUNDAY = 5, 6
# How often each lesson type is timetabled: primaries teach mostly groups, secondaries more individuals.
MIXES = {
    "primary": (("group6", 45), ("group4", 20), ("shared30", 20), ("ind20", 10), ("ind30", 5)),
    "secondary": (("ind30", 25), ("ind20", 20), ("shared30", 25), ("group4", 20), ("group6", 10)),
    "centre": (("ind30", 40), ("shared30", 20), ("group4", 25), ("group6", 15)),
}
SECONDARY_PHASES = ("Secondary", "All-through", "16 plus", "Middle deemed secondary")
# The share of a school's children (Year 1 up) the hub teaches: the demo's families are its customers.
TAUGHT_SHARE = 0.86
EXPECTED_FILL = 0.85
# In the first areas (the county's towns), one tutor also teaches at the music centre after school on
# Tuesdays and on Saturday mornings.
CENTRE_AREAS = 3
SCHOOL_PAYS_SHARE = 0.55  # of group slots at a school whose SLA includes instrumental teaching


@dataclass(slots=True)
class SlotPlan:
    tutor: TutorRow
    school_id: int | None
    music_centre: str
    area_id: int | None  # whose children a music centre slot takes
    instrument_id: int
    type_key: str
    weekday: int
    start: int  # minutes after midnight
    minutes: int
    school_pays: bool = False
    demo: str = ""  # "ella" or "noah": the slot the demo family is placed or offered in
    slot: TeachingSlot | None = None


class Timetabler:
    """Draws blocks of slots for tutors; remembers each school's children still to be timetabled."""

    def __init__(self, world: World, types: dict[str, LessonType], rng: random.Random):
        self.world, self.types, self.rng = world, types, rng
        self.demand = {
            school: TAUGHT_SHARE * len(pupils)
            for school, pupils in world.by_school.items()
            if school is not None and school in world.school_phase
        }

    def mix_for(self, school_id: int | None) -> str:
        if school_id is None:
            return "centre"
        return "secondary" if self.world.school_phase.get(school_id) in SECONDARY_PHASES else "primary"

    def block(
        self,
        tutor: TutorRow,
        weekday: int,
        span: tuple[int, int],
        *,
        school_id: int | None,
        centre: str = "",
        area_id: int | None = None,
        instruments: Sequence[int] = (),
    ) -> list[SlotPlan]:
        """Slots laid end to end in the span; each takes one of the tutor's instruments, the first most."""
        rng, mix = self.rng, MIXES[self.mix_for(school_id)]
        taught = instruments or tutor.instrument_ids
        weights = [len(taught) - i for i in range(len(taught))]
        pays = school_id in self.world.sla_teaching
        plans, start = [], span[0]
        while True:
            fitting = [(key, w) for key, w in mix if start + self.types[key].minutes <= span[1]]
            if not fitting:
                break
            key = rng.choices([k for k, _ in fitting], weights=[w for _, w in fitting])[0]
            lesson_type = self.types[key]
            plans.append(
                SlotPlan(
                    tutor=tutor,
                    school_id=school_id,
                    music_centre=centre,
                    area_id=area_id if school_id is None else self.world.school_area.get(school_id),
                    instrument_id=rng.choices(taught, weights=weights)[0],
                    type_key=key,
                    weekday=weekday,
                    start=start,
                    minutes=lesson_type.minutes,
                    school_pays=pays and key.startswith("group") and rng.random() < SCHOOL_PAYS_SHARE,
                )
            )
            start += lesson_type.minutes
        if school_id is not None:
            self.demand[school_id] = self.demand.get(school_id, 0) - EXPECTED_FILL * sum(
                self.types[p.type_key].max_pupils for p in plans
            )
        return plans

    def neediest(self, area_id: int | None, keep: int | None) -> int | None:
        """The school that last block went to if it still needs more, or the area's neediest school."""
        if keep is not None and self.demand.get(keep, 0) > 1:
            return keep
        schools = [s for s, need in self.demand.items() if need > 1 and self.world.school_area[s] == area_id]
        return max(schools, key=lambda s: (self.demand[s], -s)) if schools else None


def plan_timetables(world: World, types: dict[str, LessonType], *, seed: int) -> list[SlotPlan]:
    """Every tutor's week: the demo tutor's first, then the others' area by area."""
    rng = random.Random(f"{seed}:lessons:timetable")
    timetabler = Timetabler(world, types, rng)
    plans = _demo_tutor_week(timetabler)
    areas = sorted(set(world.school_area.values()), key=lambda a: (a is None, a))
    need = [
        sum(max(0.0, timetabler.demand[s]) for s in timetabler.demand if world.school_area[s] == a)
        for a in areas
    ]
    counts = apportion(len(world.tutors), need) if sum(need) else [0] * len(areas)
    tutors = iter(world.tutors)
    for number, (area_id, count) in enumerate(zip(areas, counts, strict=True)):
        for index in range(count):
            tutor = next(tutors)
            at_centre = number < CENTRE_AREAS and index == 0
            plans += _tutor_week(timetabler, tutor, area_id, at_centre=at_centre)
    return plans


def _tutor_week(
    timetabler: Timetabler, tutor: TutorRow, area_id: int | None, *, at_centre: bool
) -> list[SlotPlan]:
    world, plans = timetabler.world, []
    centre = world.area_town.get(area_id, "Northshire Music Centre")
    for weekday in SCHOOL_DAYS:
        school = None
        for span in (MORNING, AFTERNOON):
            school = timetabler.neediest(area_id, school)
            if school is not None:
                plans += timetabler.block(tutor, weekday, span, school_id=school)
        if at_centre and weekday == 1:
            plans += timetabler.block(
                tutor, weekday, AFTER_SCHOOL, school_id=None, centre=centre, area_id=area_id
            )
        elif school is not None and timetabler.mix_for(school) == "secondary":
            plans += timetabler.block(tutor, weekday, AFTER_SCHOOL, school_id=school)
    if at_centre:
        plans += timetabler.block(
            tutor, SATURDAY, SATURDAY_CENTRE, school_id=None, centre=centre, area_id=area_id
        )
    return plans


def _demo_tutor_week(timetabler: Timetabler) -> list[SlotPlan]:
    """The demo tutor teaches every day of the week, so that the demo always has a register for today
    in term time: schools on weekdays (the demo school on Mondays), the music centre at weekends."""
    world, tutor = timetabler.world, timetabler.world.demo_tutor
    schools = world.demo_tutor_schools
    violin, viola = world.instruments["Violin"], world.instruments["Viola"]
    first_area = world.school_area.get(schools[0])
    centre = world.area_town.get(first_area, "Northshire Music Centre")
    plans = []
    for weekday in SCHOOL_DAYS:
        school = schools[weekday % len(schools)]
        for span in (MORNING, AFTERNOON):
            plans += timetabler.block(tutor, weekday, span, school_id=school, instruments=(violin, viola))
    plans += timetabler.block(
        tutor,
        SATURDAY,
        SATURDAY_CENTRE,
        school_id=None,
        centre=centre,
        area_id=first_area,
        instruments=(violin, viola),
    )
    plans += timetabler.block(
        tutor,
        SUNDAY,
        SUNDAY_CENTRE,
        school_id=None,
        centre=centre,
        area_id=first_area,
        instruments=(violin, viola),
    )
    # Ella's lesson (individual violin, paid by the family) and the place Noah is offered (shared viola).
    _make(
        plans,
        "ella",
        school=world.demo.ella.school_id,
        key="ind30",
        instrument=violin,
        types=timetabler.types,
    )
    _make(
        plans,
        "noah",
        school=world.demo.noah.school_id,
        key="shared30",
        instrument=viola,
        types=timetabler.types,
    )
    return plans


def _make(plans: list[SlotPlan], child: str, *, school: int | None, key: str, instrument: int, types) -> None:
    """Turn the school's (or the centre's) first long enough slot into the given kind for a demo child."""
    for plan in plans:
        if plan.school_id == school and not plan.demo and plan.minutes >= types[key].minutes:
            plan.type_key, plan.instrument_id, plan.school_pays, plan.demo = key, instrument, False, child
            plan.minutes = types[key].minutes
            return


def insert_slots(plans: list[SlotPlan], world: World, types: dict[str, LessonType], *, seed: int) -> None:
    """Save the plans as this year's teaching slots; each plan keeps its slot."""
    rng = random.Random(f"{seed}:lessons:slots")
    slots = []
    for plan in plans:
        plan.slot = TeachingSlot(
            public_id=public_id(rng),
            academic_year=world.year,
            tutor_id=plan.tutor.profile_id,
            school_id=plan.school_id,
            music_centre=plan.music_centre,
            instrument_id=plan.instrument_id,
            lesson_type=types[plan.type_key],
            weekday=plan.weekday,
            starts_at=_time(plan.start),
            ends_at=_time(plan.start + plan.minutes),
            capacity=types[plan.type_key].max_pupils,
            school_pays=plan.school_pays,
        )
        slots.append(plan.slot)
    TeachingSlot.objects.bulk_create(slots, batch_size=BATCH_SIZE)


def _time(minutes: int) -> datetime.time:
    return datetime.time(minutes // 60, minutes % 60)
