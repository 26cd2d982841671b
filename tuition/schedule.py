"""When lessons happen: a slot's dates in a term (the term's weekdays, minus its breaks and the year's
closures), and which placements a slot holds on a day. Registers, billing and the tutor's week read these."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from hub.models import ClosureDay, Term, TermBreak
from tuition.models import Placement, TeachingSlot


def teaching_days(term: Term, weekday: int) -> list[datetime.date]:
    """Every `weekday` of the term that is outside its breaks and not a closure day."""
    breaks = list(TermBreak.objects.filter(term=term).values_list("starts_on", "ends_on"))
    closed = set(
        ClosureDay.objects.filter(
            academic_year_id=term.academic_year_id, date__range=(term.starts_on, term.ends_on)
        ).values_list("date", flat=True)
    )
    return _days(term.starts_on, term.ends_on, weekday, breaks, closed)


def _days(
    first: datetime.date,
    last: datetime.date,
    weekday: int,
    breaks: Iterable[tuple[datetime.date, datetime.date]],
    closed: set[datetime.date],
) -> list[datetime.date]:
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        if day not in closed and not any(start <= day <= end for start, end in breaks):
            days.append(day)
        day += datetime.timedelta(days=7)
    return days


def lesson_dates(slot: TeachingSlot, term: Term) -> list[datetime.date]:
    """The dates a slot's lessons fall on in a term."""
    return teaching_days(term, slot.weekday)


def covering(day: datetime.date) -> Q:
    """Placements (or enrolments) running on the day: started, and not yet ended."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def overlapping(starts_on: datetime.date, ends_on: datetime.date | None = None) -> Q:
    """Placements running on some day from `starts_on` to `ends_on` (None: without end). With no end, the
    placements that hold a place on the day or later: a place taken from January is not free in December
    for lessons that would run on past it."""
    running = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    return running & Q(starts_on__lte=ends_on) if ends_on else running


def placements_on(slot: TeachingSlot, day: datetime.date) -> QuerySet[Placement]:
    """The pupils placed in the slot on the day, with their enrolment and pupil, by name."""
    return (
        Placement.objects.filter(covering(day), slot=slot)
        .select_related("enrolment", "enrolment__pupil")
        .order_by("enrolment__pupil__last_name", "enrolment__pupil__first_name")
    )


def teaching_days_by_weekday(term: Term) -> dict[int, list[datetime.date]]:
    """Each weekday's teaching days in the term (as teaching_days), reading its breaks and closures once."""
    breaks = list(TermBreak.objects.filter(term=term).values_list("starts_on", "ends_on"))
    closed = set(
        ClosureDay.objects.filter(
            academic_year_id=term.academic_year_id, date__range=(term.starts_on, term.ends_on)
        ).values_list("date", flat=True)
    )
    return {weekday: _days(term.starts_on, term.ends_on, weekday, breaks, closed) for weekday in range(7)}
