"""A tutor's week: today's lessons, the registers of this term not yet marked, and their pupils; and the
term's registers a page at a time. The registers are counted from plain values (a tutor's term is hundreds
of them) in a fixed number of queries; only those a page shows are read in detail."""

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from hub.calendar import term_with_teaching_days
from hub.models import StaffProfile, Term
from tuition.models import Attendance, Placement, TeachingSlot
from tuition.schedule import covering
from tuition.selectors.registers import Register, RegisterRow, mark_read_with, teaching_term

LATEST = 8  # the unmarked registers the home page lists; the registers list has them all


class RegisterDay(NamedTuple):
    """A lesson of the term so far: its slot and day, how many pupils, how many of them still to mark. A
    named tuple: a tutor's term is hundreds of them, made on every request of their home page."""

    slot_id: int
    day: datetime.date
    starts_at: datetime.time
    pupils: int
    unmarked: int


@dataclass(frozen=True)
class ShownRegister:
    """A register as the lists show it: its day and time written, what and where, and its link."""

    day: str  # "Mon 7 Dec"
    time: str  # "10:00"
    lesson: str  # "Violin at Hillside Primary School"
    url: str
    pupils: int
    unmarked: int


@dataclass
class Week:
    term: Term | None
    today: list[ShownRegister]
    unmarked: list[RegisterDay]  # every past register with pupils to mark, newest first
    latest: list[ShownRegister]  # the newest of them, as the home page lists them
    pupils: list[str]  # "Amira Khan: Violin", by name

    @property
    def more_unmarked(self) -> int:
        """Registers to mark beyond those the home page lists."""
        return len(self.unmarked) - len(self.latest)


# What a register's heading shows of its slot: not every column of the school (the register of schools has
# dozens) nor the rest of the slot.
SHOWN_SLOT = (
    "public_id", "starts_at", "ends_at", "music_centre", "school__name", "instrument__name",
    "lesson_type__name",
)  # fmt: skip


def lessons_on(tutor: StaffProfile, day: datetime.date) -> list[Register]:
    """The tutor's lessons on the day, in time order, each with its register: two queries (the day's term
    is looked for in the slots' own query, each pupil's mark in the pupils' own). The pupils are read in one
    query and shared out by slot here: prefetch_related's machinery cost more than the query."""
    taught = teaching_term(day).filter(academic_year=OuterRef("academic_year_id"))
    slots = list(
        TeachingSlot.objects.filter(Exists(taught), tutor=tutor, is_active=True, weekday=day.weekday())
        .select_related("school", "instrument", "lesson_type")
        .only(*SHOWN_SLOT)
        .order_by("starts_at")
    )
    marked = Attendance.objects.filter(
        lesson__slot_id=OuterRef("slot_id"), lesson__date=day, enrolment_id=OuterRef("enrolment_id")
    )
    placed: dict[int, list[Placement]] = {slot.pk: [] for slot in slots}
    for placement in (
        Placement.objects.filter(covering(day), slot__in=slots)
        .select_related("enrolment__pupil")
        .only(
            "slot_id", "enrolment__public_id", "enrolment__pupil__first_name", "enrolment__pupil__last_name"
        )
        .annotate(mark=Subquery(marked.order_by().values("code")[:1]))
        .order_by("enrolment__pupil__last_name", "enrolment__pupil__first_name", "pk")
    ):
        placed[placement.slot_id].append(placement)
    return [
        Register(
            slot, day, [RegisterRow(placement, mark_read_with(placement)) for placement in placed[slot.pk]]
        )
        for slot in slots
    ]


@dataclass(frozen=True)
class TermSlot:
    """A slot of the tutor's year as the registers lists need it: when, and what and where."""

    pk: int
    public_id: UUID
    weekday: int
    starts_at: datetime.time
    lesson: str  # "Violin at Hillside Primary School"


Placed = dict[int, list[tuple[int, datetime.date, datetime.date | None]]]  # slot: [(enrolment, from, to)]


def _term_slots(tutor: StaffProfile, term: Term) -> dict[int, TermSlot]:
    """The tutor's slots this year by day and time, read as plain values."""
    rows = (
        TeachingSlot.objects.filter(tutor=tutor, is_active=True, academic_year_id=term.academic_year_id)
        .order_by("weekday", "starts_at", "pk")
        .values_list(
            "pk", "public_id", "weekday", "starts_at", "instrument__name", "school__name", "music_centre"
        )
    )
    return {
        pk: TermSlot(pk, public_id, weekday, starts_at, f"{instrument} at {school or centre}")
        for pk, public_id, weekday, starts_at, instrument, school, centre in rows
    }


def _placed_slots(
    tutor: StaffProfile, term: Term, today: datetime.date
) -> tuple[dict[int, TermSlot], Placed]:
    """The tutor's slots this year with a placement running some day of the term up to today, in week
    order, and per slot the (enrolment, from, to) of those placements: one query of plain values, the slots'
    details read with their placements (a slot without one has no register to list)."""
    slots: dict[int, TermSlot] = {}
    dates: Placed = {}
    rows = (
        Placement.objects.filter(
            _running(term.starts_on, today),
            slot__tutor=tutor,
            slot__is_active=True,
            slot__academic_year_id=term.academic_year_id,
        )
        .order_by("slot__weekday", "slot__starts_at", "slot_id")
        .values_list(
            "slot_id", "enrolment_id", "starts_on", "ends_on", "slot__public_id", "slot__weekday",
            "slot__starts_at", "slot__instrument__name", "slot__school__name", "slot__music_centre",
            named=True,
        )
    )  # fmt: skip
    for row in rows:
        if row.slot_id not in slots:
            lesson = f"{row.slot__instrument__name} at {row.slot__school__name or row.slot__music_centre}"
            slots[row.slot_id] = TermSlot(
                row.slot_id, row.slot__public_id, row.slot__weekday, row.slot__starts_at, lesson
            )
            dates[row.slot_id] = []
        dates[row.slot_id].append((row.enrolment_id, row.starts_on, row.ends_on))
    return slots, dates


def _running(first: datetime.date, last: datetime.date) -> Q:
    return Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


def _placed_and_pupils(
    tutor: StaffProfile, slot_ids: list[int], first: datetime.date, today: datetime.date
) -> tuple[Placed, list[str]]:
    """The tutor's placements running from `first` to today, in one query: per slot of `slot_ids`, their
    dates (as _placed_slots), and the pupils placed today in any of the tutor's active slots, by name,
    as _pupils_now lists them."""
    dates: Placed = {pk: [] for pk in slot_ids}
    pupils = []
    for slot_id, enrolment_id, starts_on, ends_on, first_name, last_name, instrument in (
        Placement.objects.filter(_running(first, today), slot__tutor=tutor, slot__is_active=True)
        .order_by("enrolment__pupil__last_name", "enrolment__pupil__first_name", "pk")
        .values_list(
            "slot_id",
            "enrolment_id",
            "starts_on",
            "ends_on",
            "enrolment__pupil__first_name",
            "enrolment__pupil__last_name",
            "enrolment__instrument__name",
        )
    ):
        if slot_id in dates:
            dates[slot_id].append((enrolment_id, starts_on, ends_on))
        if ends_on is None or ends_on >= today:
            pupils.append(f"{first_name} {last_name}: {instrument}")
    return dates, pupils


def _marked(slot_ids: list[int], term: Term, today: datetime.date) -> set[tuple[int, datetime.date, int]]:
    """(slot, day, enrolment) of each mark of the slots' lessons this term up to today."""
    return set(
        Attendance.objects.filter(lesson__slot_id__in=slot_ids, lesson__term=term, lesson__date__lte=today)
        .order_by()
        .values_list("lesson__slot_id", "lesson__date", "enrolment_id")
    )


def _registers(
    term: Term,
    days: dict[int, list[datetime.date]],
    slots: dict[int, TermSlot],
    placements: Placed,
    today: datetime.date,
    *,
    to_mark_only: bool = False,
) -> list[RegisterDay]:
    """Each lesson of the slots in the term up to today, newest first, with its pupils and how many are
    still to be marked (none is left out for having no pupils): one query, for the marks. Each placement is
    counted on the days it runs, found by bisection in the slot's days: not each day tested against each of
    the slot's placements (a tutor's term is hundreds of registers). `to_mark_only` keeps today's lessons
    and those with pupils to mark, all the home page shows: a term's hundreds of others are not made."""
    marked = _marked(list(slots), term, today)
    found: list[RegisterDay] = []
    for slot in slots.values():
        taught = days[slot.weekday]
        taught = taught[: bisect_right(taught, today)]
        pupils = [0] * len(taught)
        waiting = [0] * len(taught)
        for enrolment_id, starts_on, ends_on in placements[slot.pk]:
            last = len(taught) if ends_on is None else bisect_right(taught, ends_on)
            for index in range(bisect_left(taught, starts_on), last):
                pupils[index] += 1
                if (slot.pk, taught[index], enrolment_id) not in marked:
                    waiting[index] += 1
        found += [
            RegisterDay(slot.pk, day, slot.starts_at, count, left)
            for day, count, left in zip(taught, pupils, waiting, strict=True)
            if not to_mark_only or left or day == today
        ]
    found.sort(key=attrgetter("day", "starts_at"), reverse=True)
    return found


def term_registers(
    tutor: StaffProfile, today: datetime.date
) -> tuple[Term | None, list[RegisterDay], dict[int, TermSlot]]:
    """The tutor's registers with pupils this term up to today, newest first, and the slots they are of
    (for as_shown): four queries."""
    term, days = term_with_teaching_days(today)
    if term is None:
        return None, [], {}
    slots, placements = _placed_slots(tutor, term, today)
    return term, [item for item in _registers(term, days, slots, placements, today) if item.pupils], slots


def tutor_week(tutor: StaffProfile, today: datetime.date) -> Week:
    """Today's lessons, this term's past lessons with pupils not yet marked, and the tutor's pupils now:
    five queries (the term, its breaks and closures, the slots, the placements with their pupils, the
    marks)."""
    term, days = term_with_teaching_days(today)
    if term is None:
        return Week(term=None, today=[], unmarked=[], latest=[], pupils=_pupils_now(tutor, today))
    slots = _term_slots(tutor, term)
    placements, pupils = _placed_and_pupils(tutor, list(slots), term.starts_on, today)
    registers = _registers(term, days, slots, placements, today, to_mark_only=True)
    todays = sorted((item for item in registers if item.day == today), key=lambda item: item.starts_at)
    # Newest first: the lessons fresh in the tutor's mind; the page lists the latest and counts the rest.
    unmarked = [item for item in registers if item.unmarked and item.day < today]
    return Week(
        term=term,
        today=as_shown(todays, slots),
        unmarked=unmarked,
        latest=as_shown(unmarked[:LATEST], slots),
        pupils=pupils,
    )


ZERO_ID = UUID(int=0)
ZERO_DAY = datetime.date(2000, 1, 1)


def as_shown(items: Iterable[RegisterDay], slots: dict[int, TermSlot]) -> list[ShownRegister]:
    """The registers as the lists show them, from their slots as term_registers read them: dates written
    and links made here (a page of forty registers would otherwise be two hundred models and forty
    reverse() calls)."""
    # One reverse() for the page: the links differ only in the slot's id and the day.
    url = reverse("tuition:register", kwargs={"public_id": ZERO_ID, "day": ZERO_DAY})
    shown = []
    for item in items:
        slot, day = slots[item.slot_id], item.day
        shown.append(
            ShownRegister(
                day=f"{day:%a} {day.day} {day:%b}",
                time=f"{item.starts_at:%H:%M}",
                lesson=slot.lesson,
                url=url.replace(str(ZERO_ID), str(slot.public_id)).replace(str(ZERO_DAY), str(day)),
                pupils=item.pupils,
                unmarked=item.unmarked,
            )
        )
    return shown


def _pupils_now(tutor: StaffProfile, today: datetime.date) -> list[str]:
    """The tutor's pupils today, by name, as the page lists them: "Amira Khan: Violin"."""
    rows = (
        Placement.objects.filter(covering(today), slot__tutor=tutor, slot__is_active=True)
        .order_by("enrolment__pupil__last_name", "enrolment__pupil__first_name", "pk")
        .values_list(
            "enrolment__pupil__first_name", "enrolment__pupil__last_name", "enrolment__instrument__name"
        )
    )
    return [f"{first} {last}: {instrument}" for first, last, instrument in rows]
