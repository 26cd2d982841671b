"""The hub's notice rule: lessons go on for TUITION_NOTICE_WEEKS weeks of teaching after notice is given.

Weeks of teaching are the pupil's lesson days (their weekday in each term, minus half-terms and closures,
from tuition/schedule.py), so a half-term or the holidays between terms do not use up the notice: the end
date is the last lesson on or after that point, the Nth lesson after the day notice is given.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings

from hub.models import Term
from tuition.schedule import covering, teaching_days


def notice_end(given_on: datetime.date, lesson_days: Iterable[datetime.date], weeks: int) -> datetime.date:
    """The day of the `weeks`-th lesson after `given_on` (the last lesson of the notice). When the calendar
    holds fewer lessons than that, the last one it holds; with none left, the day notice is given."""
    later = sorted(day for day in lesson_days if day > given_on)
    if not later:
        return given_on
    return later[min(weeks, len(later)) - 1]


def lesson_days_after(given_on: datetime.date, weekday: int, count: int) -> list[datetime.date]:
    """At least `count` lesson days on `weekday` after `given_on`, term by term (fewer if the calendar
    ends first)."""
    days: list[datetime.date] = []
    for term in Term.objects.filter(ends_on__gt=given_on).order_by("starts_on"):
        days += [day for day in teaching_days(term, weekday) if day > given_on]
        if len(days) >= count:
            break
    return days


def notice_end_for(given_on: datetime.date, weekday: int) -> datetime.date:
    """When lessons on `weekday` end under the hub's notice rule, for notice given on `given_on`."""
    weeks = settings.TUITION_NOTICE_WEEKS
    return notice_end(given_on, lesson_days_after(given_on, weekday, weeks), weeks)


def current_placement(enrolment, day: datetime.date):
    """The placement the enrolment is taught in on the day, else the next one to start (or None)."""
    placements = enrolment.placements.order_by("starts_on")
    running = placements.filter(covering(day)).first()
    return running or placements.filter(starts_on__gt=day).first()


def enrolment_notice_end(enrolment, given_on: datetime.date) -> datetime.date | None:
    """When the enrolment's lessons would end for notice given on the day; None when it has no slot."""
    placement = current_placement(enrolment, given_on)
    if placement is None:
        return None
    # Lessons that have not started yet: the notice counts from their first lesson.
    counted_from = max(given_on, placement.starts_on - datetime.timedelta(days=1))
    return max(notice_end_for(counted_from, placement.weekday), enrolment.starts_on)
