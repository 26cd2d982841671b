"""When lessons happen: a slot's dates in a term (the term's weekdays, minus its breaks and the year's
closures, by hub.calendar's rule), and which placements a slot holds on a day. Registers, billing and the
tutor's week read these."""

import datetime

from django.db.models import Q, QuerySet

from hub.calendar import teaching_days, teaching_days_by_weekday
from hub.models import Term
from tuition.models import Enrolment, Placement, TeachingSlot

# The calendar's rule for which days are taught is hub.calendar's (ensembles' rehearsals share it); these
# names stay here for the code that reads lessons' dates from the schedule.
__all__ = [
    "placement_days",
    "covering",
    "lesson_dates",
    "overlapping",
    "placements_on",
    "teaching_days",
    "teaching_days_by_weekday",
]


def lesson_dates(slot: TeachingSlot, term: Term) -> list[datetime.date]:
    """The dates a slot's lessons fall on in a term."""
    return teaching_days(term, slot.weekday)


def placement_days(
    placement: Placement, enrolment: Enrolment, days: list[datetime.date]
) -> list[datetime.date]:
    """Of a term's teaching days on the placement's weekday, those of its lessons: within the placement's own
    days and the enrolment's."""
    first = max(placement.starts_on, enrolment.starts_on)
    ends = [day for day in (placement.ends_on, enrolment.ends_on) if day is not None]
    return [day for day in days if first <= day and not any(day > end for end in ends)]


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
