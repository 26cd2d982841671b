"""Children placed in the slots: enrolments with their placements, the first of a child's guardians paying.

Each slot takes children of its school (or, at a music centre, of its area) not yet in lessons; when a school
runs out, some children take a second instrument. A child is never in two lessons at once, as the database's
exclusion constraint demands; groups keep a place or two free, so the hub admin has places to offer.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from hub.dev.demo.lesson_world import PupilRow, World, public_id
from hub.dev.demo.timetable import SlotPlan
from hub.dev.demo.users import BATCH_SIZE
from tuition.models import Enrolment, LeaveReason, LessonType, Placement

CONTINUING_SHARE = 0.78  # children who started in an earlier year and carry on
YEARS_BACK = (1, 1, 1, 2, 2, 3, 4)
NOTICE_SHARE = 0.02  # have given notice: their lessons end with the term
SECOND_INSTRUMENT_TRIES = (
    0.5  # when a school's children are all in lessons, how often a place is offered again
)
FREE_PLACES_IN_GROUP = (0, 0, 1, 1, 2)
MOST_INSTRUMENTS = 2


@dataclass(slots=True)
class Seat:
    plan: SlotPlan
    pupil: PupilRow
    starts_on: datetime.date
    placed_from: datetime.date
    ends_on: datetime.date | None = None
    notice_at: datetime.datetime | None = None
    reason: str = ""
    enrolment: Enrolment | None = None


class Filler:
    """Fills slots from pools of children, remembering when each child is busy and what they learn."""

    def __init__(self, world: World, types: dict[str, LessonType], rng: random.Random):
        self.world, self.types, self.rng = world, types, rng
        self.busy: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        self.learning: dict[int, set[int]] = defaultdict(set)
        demo = {world.demo.ella.id, world.demo.noah.id}
        self.pools: dict[tuple[str, int | None], list[int]] = {}
        self.again: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for school, pupils in world.by_school.items():
            pool = [p for p in pupils if p not in demo]
            rng.shuffle(pool)
            self.pools[("school", school)] = pool
        by_area: dict[int | None, list[int]] = defaultdict(list)
        for school, pupils in world.by_school.items():
            by_area[world.school_area.get(school) if school else None].extend(
                p for p in pupils if p not in demo
            )
        # Children at no school the hub knows (home educated, independent) learn at the music centres.
        elsewhere = by_area.pop(None, [])
        for area, pool in by_area.items():
            pool.extend(elsewhere)
            rng.shuffle(pool)
            self.pools[("area", area)] = pool
        self.seats: list[Seat] = []
        self.free: list[tuple[SlotPlan, int]] = []  # slots with places left, and how many

    def fits(self, pupil_id: int, plan: SlotPlan) -> bool:
        end = plan.start + plan.minutes
        learning = self.learning[pupil_id]
        return (
            plan.instrument_id not in learning
            and len(learning) < MOST_INSTRUMENTS
            and not any(
                day == plan.weekday and start < end and plan.start < stop
                for day, start, stop in self.busy[pupil_id]
            )
        )

    def wanted(self, plan: SlotPlan) -> int:
        lesson_type = self.types[plan.type_key]
        if plan.demo:
            return 0 if plan.demo == "ella" else 1
        if plan.type_key == "shared30":
            return 2 if self.rng.random() < 0.85 else 1
        if lesson_type.max_pupils == 1:
            return 1
        return max(lesson_type.min_pupils, lesson_type.max_pupils - self.rng.choice(FREE_PLACES_IN_GROUP))

    def take(self, plan: SlotPlan) -> PupilRow | None:
        key = ("school", plan.school_id) if plan.school_id is not None else ("area", plan.area_id)
        pool = self.pools.get(key, [])
        while pool:
            pupil_id = pool.pop()
            if not self.learning[pupil_id] and self.fits(pupil_id, plan):
                self.again[key].append(pupil_id)
                return self.world.pupils[pupil_id]
        again = self.again[key]
        if again and self.rng.random() < SECOND_INSTRUMENT_TRIES:
            for _ in range(8):
                pupil_id = self.rng.choice(again)
                if self.fits(pupil_id, plan):
                    return self.world.pupils[pupil_id]
        return None

    def fill(self, plan: SlotPlan) -> None:
        wanted, placed = self.wanted(plan), 0
        for _ in range(wanted):
            pupil = self.take(plan)
            if pupil is None:
                break
            self.seat(plan, pupil)
            placed += 1
        capacity = self.types[plan.type_key].max_pupils
        if placed < capacity and plan.demo != "ella":
            self.free.append((plan, capacity - placed))

    def seat(self, plan: SlotPlan, pupil: PupilRow, *, continuing: bool | None = None) -> Seat:
        """Seat the child; `continuing` True or False fixes whether they started in an earlier year."""
        self.busy[pupil.id].append((plan.weekday, plan.start, plan.start + plan.minutes))
        self.learning[pupil.id].add(plan.instrument_id)
        seat = self._dates(plan, pupil, continuing)
        self.seats.append(seat)
        return seat

    def _dates(self, plan: SlotPlan, pupil: PupilRow, continuing: bool | None) -> Seat:
        rng, world = self.rng, self.world
        year_start = world.year.starts_on
        back = min(rng.choice(YEARS_BACK), max(0, pupil.year_group - 1))
        may_leave = continuing is None
        if continuing is None:
            continuing = back > 0 and rng.random() < CONTINUING_SHARE
        if continuing:
            started = datetime.date(year_start.year - max(1, back), 9, rng.randint(8, 30))
            seat = Seat(plan=plan, pupil=pupil, starts_on=started, placed_from=year_start)
        else:
            days = max(0, (world.today - year_start).days)
            started = year_start + datetime.timedelta(days=rng.randint(0, days))
            seat = Seat(plan=plan, pupil=pupil, starts_on=started, placed_from=started)
        term = world.term
        if may_leave and term and term.ends_on >= world.today and rng.random() < NOTICE_SHARE:
            seat.ends_on = term.ends_on
            seat.notice_at = world.at(world.today - datetime.timedelta(days=rng.randint(1, 30)), 19, 30)
            seat.reason = rng.choice(LeaveReason.values)
        return seat


def fill_slots(plans: list[SlotPlan], world: World, types: dict[str, LessonType], *, seed: int) -> Filler:
    """Seat children in every slot (the demo family's are left to the demo), in a fixed order."""
    filler = Filler(world, types, random.Random(f"{seed}:lessons:enrolments"))
    for plan in plans:
        filler.fill(plan)
    return filler


def insert_enrolments(seats: list[Seat], *, seed: int) -> None:
    """Save each seat as an enrolment and its placement in the slot."""
    rng = random.Random(f"{seed}:lessons:enrolment-ids")
    for seat in seats:
        seat.enrolment = Enrolment(
            public_id=public_id(rng),
            pupil_id=seat.pupil.id,
            instrument_id=seat.plan.instrument_id,
            payer_id=seat.pupil.payer_id,
            starts_on=seat.starts_on,
            ends_on=seat.ends_on,
            notice_given_at=seat.notice_at,
            notice_given_by_id=seat.pupil.payer_user_id if seat.notice_at else None,
            leave_reason=seat.reason,
        )
    Enrolment.objects.bulk_create([seat.enrolment for seat in seats], batch_size=BATCH_SIZE)
    placements = []
    for seat in seats:
        slot = seat.plan.slot
        assert slot is not None and seat.enrolment is not None
        placements.append(
            Placement(
                enrolment=seat.enrolment,
                slot=slot,
                starts_on=seat.placed_from,
                ends_on=seat.ends_on,
                pupil_id=seat.pupil.id,
                weekday=slot.weekday,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
            )
        )
    Placement.objects.bulk_create(placements, batch_size=BATCH_SIZE)
