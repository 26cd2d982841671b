"""A tutor's week: today's lessons with their registers, the registers of this term not yet marked, and
their pupils. A fixed number of queries, however many slots and pupils the tutor has."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from hub.models import StaffProfile, Term
from tuition.models import Attendance, Placement, TeachingSlot
from tuition.schedule import covering, teaching_days_by_weekday
from tuition.selectors.registers import SLOT_DETAILS, Register, RegisterRow, teaching_term


@dataclass
class RegisterDay:
    slot: TeachingSlot
    day: datetime.date
    pupils: int
    unmarked: int


@dataclass
class Week:
    term: Term | None
    today: list[Register]
    unmarked: list[RegisterDay]
    pupils: list[Placement]


def _pupils_placed(first: datetime.date, last: datetime.date) -> Prefetch:
    """Placements running on some day from `first` to `last`, pupils by name."""
    running = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    return Prefetch(
        "placements",
        queryset=Placement.objects.filter(running)
        .select_related("enrolment__pupil", "enrolment__instrument")
        .order_by("enrolment__pupil__last_name", "enrolment__pupil__first_name", "pk"),
        to_attr="placed",
    )


def _placed(slot: TeachingSlot) -> list[Placement]:
    """The placements that _pupils_placed fetched with the slot."""
    return slot.placed  # type: ignore[attr-defined]


def lessons_on(tutor: StaffProfile, day: datetime.date) -> list[Register]:
    """The tutor's lessons on the day, in time order, each with its register: four queries."""
    term = teaching_term(day).first()
    if term is None:
        return []
    slots = list(
        TeachingSlot.objects.filter(
            tutor=tutor, is_active=True, weekday=day.weekday(), academic_year_id=term.academic_year_id
        )
        .select_related(*SLOT_DETAILS)
        .prefetch_related(_pupils_placed(day, day))
        .order_by("starts_at")
    )
    marks = Attendance.objects.filter(lesson__slot__in=slots, lesson__date=day).select_related("marked_by")
    by_key = {mark.enrolment_id: mark for mark in marks}
    return [
        Register(
            slot,
            day,
            [RegisterRow(placement, by_key.get(placement.enrolment_id)) for placement in _placed(slot)],
        )
        for slot in slots
    ]


def _term_slots(tutor: StaffProfile, term: Term) -> list[TeachingSlot]:
    return list(
        TeachingSlot.objects.filter(tutor=tutor, is_active=True, academic_year_id=term.academic_year_id)
        .select_related(*SLOT_DETAILS)
        .order_by("weekday", "starts_at")
    )


def _placement_dates(
    slots: list[TeachingSlot], first: datetime.date, last: datetime.date
) -> dict[int, list[tuple[int, datetime.date, datetime.date | None]]]:
    """Per slot: (enrolment, from, to) of each placement running on some day from `first` to `last`, read as
    plain values (a tutor's term is hundreds of placements: counting them needs no pupils)."""
    running = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    dates: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = {slot.pk: [] for slot in slots}
    for slot_id, enrolment_id, starts_on, ends_on in Placement.objects.filter(
        running, slot__in=slots
    ).values_list("slot_id", "enrolment_id", "starts_on", "ends_on"):
        dates[slot_id].append((enrolment_id, starts_on, ends_on))
    return dates


def _registers(term: Term, slots: list[TeachingSlot], today: datetime.date) -> list[RegisterDay]:
    """Each lesson of the slots in the term up to today, newest first, with its pupils and how many are
    still to be marked: three queries."""
    days = teaching_days_by_weekday(term)
    placements = _placement_dates(slots, term.starts_on, today)
    marked = set(
        Attendance.objects.filter(
            lesson__slot__in=slots, lesson__term=term, lesson__date__lte=today
        ).values_list("lesson__slot_id", "lesson__date", "enrolment_id")
    )
    found = []
    for slot in slots:
        for day in (d for d in days[slot.weekday] if d <= today):
            placed = [
                enrolment_id
                for enrolment_id, starts_on, ends_on in placements[slot.pk]
                if starts_on <= day and (ends_on is None or day <= ends_on)
            ]
            waiting = sum(1 for enrolment_id in placed if (slot.pk, day, enrolment_id) not in marked)
            if placed:
                found.append(RegisterDay(slot, day, len(placed), waiting))
    found.sort(key=lambda item: (item.day, item.slot.starts_at), reverse=True)
    return found


def term_registers(tutor: StaffProfile, today: datetime.date) -> tuple[Term | None, list[RegisterDay]]:
    """The tutor's registers this term up to today, newest first: six queries."""
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if term is None:
        return None, []
    return term, _registers(term, _term_slots(tutor, term), today)


def tutor_week(tutor: StaffProfile, today: datetime.date) -> Week:
    """Today's lessons, this term's past lessons with pupils not yet marked, and the tutor's pupils now."""
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if term is None:
        return Week(term=None, today=[], unmarked=[], pupils=_pupils_now(tutor, today))
    slots = _term_slots(tutor, term)
    # Newest first: the lessons fresh in the tutor's mind; the page shows the latest and counts the rest.
    unmarked = [item for item in _registers(term, slots, today) if item.unmarked and item.day < today]
    return Week(
        term=term, today=lessons_on(tutor, today), unmarked=unmarked, pupils=_pupils_now(tutor, today)
    )


def _pupils_now(tutor: StaffProfile, today: datetime.date) -> list[Placement]:
    """The tutor's pupils today, by name: only the names and instruments the page shows."""
    placements = Placement.objects.filter(covering(today), slot__tutor=tutor, slot__is_active=True)
    return _by_name(
        list(
            placements.select_related("enrolment__pupil", "enrolment__instrument").only(
                "starts_on", "ends_on", "enrolment__pupil__first_name", "enrolment__pupil__last_name",
                "enrolment__instrument__name",
            )
        )
    )  # fmt: skip


def _by_name(placements: list[Placement]) -> list[Placement]:
    return sorted(placements, key=lambda p: (p.enrolment.pupil.last_name, p.enrolment.pupil.first_name, p.pk))
