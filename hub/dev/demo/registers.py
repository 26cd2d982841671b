"""Registers for the lessons already given this term: mostly present, some absent, a few days a tutor was off
ill (lessons the hub credits to families). The demo tutor's registers for today and the last two teaching
days are left to mark, as are a few of other tutors' from the last week."""

import datetime
import random
from collections import defaultdict

from hub.dev.demo.copy_rows import copy_rows, next_ids
from hub.dev.demo.enrolments import Seat
from hub.dev.demo.lesson_world import World
from hub.dev.demo.timetable import SlotPlan
from tuition.models import Attendance, AttendanceCode, Lesson
from tuition.schedule import lesson_dates

CODES = (
    (AttendanceCode.PRESENT, 90),
    (AttendanceCode.ABSENT, 4),
    (AttendanceCode.ABSENT_WITH_NOTICE, 3),
    (AttendanceCode.SCHOOL_EVENT, 3),
)
TUTOR_OFF_SHARE = 0.35  # tutors off ill for a day this term
LATE_MARKING_SHARE = 0.05  # of other tutors' lessons in the last week, not marked yet
DEMO_UNMARKED_DAYS = 2


def mark_registers(world: World, plans: list[SlotPlan], seats: list[Seat], *, seed: int) -> tuple[int, int]:
    """Lessons and attendance marks before today this term; returns how many of each."""
    term = world.term
    if term is None:
        return 0, 0
    rng = random.Random(f"{seed}:lessons:registers")
    past: dict[int, list[datetime.date]] = {}
    for plan in plans:
        if plan.weekday not in past and plan.slot is not None:
            past[plan.weekday] = [day for day in lesson_dates(plan.slot, term) if day < world.today]
    seated: dict[int, list[Seat]] = defaultdict(list)
    for seat in seats:
        seated[id(seat.plan)].append(seat)
    skip = _unmarked(world, plans, past, rng)
    off = _days_off(plans, past, rng)
    given = [
        (plan, day, here)
        for plan in plans
        for day in past.get(plan.weekday, [])
        if (plan.tutor.profile_id, day) not in skip
        and (here := [s for s in seated[id(plan)] if _covers(s, day)])
    ]
    ids = next_ids(Lesson, len(given))
    copy_rows(
        Lesson,
        ("id", "slot_id", "date", "term_id"),
        ((pk, _slot_id(plan), day, term.pk) for pk, (plan, day, _) in zip(ids, given, strict=True)),
    )
    marks = copy_rows(
        Attendance,
        ("lesson_id", "enrolment_id", "code", "marked_by_id", "marked_at"),
        (
            _mark(world, pk, day, plan, seat, off, rng)
            for pk, (plan, day, here) in zip(ids, given, strict=True)
            for seat in here
        ),
    )
    return len(given), marks


def _slot_id(plan: SlotPlan) -> int:
    assert plan.slot is not None
    return plan.slot.pk


def _covers(seat: Seat, day: datetime.date) -> bool:
    return seat.placed_from <= day and (seat.ends_on is None or day <= seat.ends_on)


def _unmarked(
    world: World, plans: list[SlotPlan], past: dict[int, list[datetime.date]], rng: random.Random
) -> set[tuple[int, datetime.date]]:
    """(tutor, day) pairs left unmarked: the demo tutor's last teaching days, some of others' last week."""
    demo = world.demo_tutor.profile_id
    demo_days = sorted({d for p in plans if p.tutor.profile_id == demo for d in past.get(p.weekday, [])})
    skip = {(demo, day) for day in demo_days[-DEMO_UNMARKED_DAYS:]}
    last_week = world.today - datetime.timedelta(days=7)
    for profile_id, weekday in sorted({(p.tutor.profile_id, p.weekday) for p in plans}):
        for day in past.get(weekday, []):
            if profile_id != demo and day >= last_week and rng.random() < LATE_MARKING_SHARE:
                skip.add((profile_id, day))
    return skip


def _days_off(
    plans: list[SlotPlan], past: dict[int, list[datetime.date]], rng: random.Random
) -> dict[int, datetime.date]:
    """The day this term a tutor was off ill, for some tutors: all their lessons that day are credited."""
    teaching: dict[int, set[datetime.date]] = defaultdict(set)
    for plan in plans:
        teaching[plan.tutor.profile_id].update(past.get(plan.weekday, []))
    return {
        tutor: rng.choice(sorted(days))
        for tutor, days in sorted(teaching.items())
        if days and rng.random() < TUTOR_OFF_SHARE
    }


def _mark(
    world: World,
    lesson_id: int,
    day: datetime.date,
    plan: SlotPlan,
    seat: Seat,
    off: dict[int, datetime.date],
    rng: random.Random,
) -> tuple[object, ...]:
    """An attendance row: lesson, enrolment, code, marked by, marked at."""
    code = AttendanceCode.TUTOR_ABSENT if off.get(plan.tutor.profile_id) == day else _code(rng)
    end = plan.start + plan.minutes + rng.randint(0, 150)
    assert seat.enrolment is not None
    return (
        lesson_id,
        seat.enrolment.pk,
        str(code),
        plan.tutor.user_id,
        world.at(day, min(23, end // 60), end % 60),
    )


def _code(rng: random.Random) -> str:
    return rng.choices([c for c, _ in CODES], weights=[w for _, w in CODES])[0]
