"""Reads for next year's re-enrolment: each pupil still having lessons at a year's end, and their answer."""

import datetime
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from hub.models import AcademicYear
from tuition.models import Enrolment, Placement, TeachingSlot
from tuition.selectors.enrolments import placement_on
from tuition.services.reenrolment import first_teaching_day, next_year_after, slot_key


@dataclass(frozen=True)
class ReenrolmentRow:
    """A pupil's lessons at the year's end, next year's placement if decided, and the slot that continues
    them if staff have created it."""

    enrolment: Enrolment
    placement: Placement | None
    next_placement: Placement | None
    matching: TeachingSlot | None

    @property
    def leaving(self) -> bool:
        return self.enrolment.ends_on is not None and self.next_placement is None

    @property
    def undecided(self) -> bool:
        return not self.leaving and self.next_placement is None


def get_year(start_year: int) -> AcademicYear:
    return get_object_or_404(AcademicYear, starts_on__year=start_year)


def rows_for(enrolments, year: AcademicYear) -> list[ReenrolmentRow]:
    """One row per enrolment (their placements prefetched), with next year's matching slots in one query."""
    upcoming = next_year_after(year)
    next_start = first_teaching_day(upcoming) if upcoming else datetime.date.max
    slots = (
        TeachingSlot.objects.filter(academic_year=upcoming, is_active=True).select_related(
            "school", "instrument", "tutor__user", "lesson_type"
        )
        if upcoming
        else TeachingSlot.objects.none()
    )
    by_key = {slot_key(slot): slot for slot in slots}
    rows = []
    for enrolment in enrolments:
        placement = placement_on(enrolment, year.ends_on)
        following = [p for p in enrolment.placement_list if p.starts_on >= next_start]
        rows.append(
            ReenrolmentRow(
                enrolment=enrolment,
                placement=placement,
                next_placement=following[0] if following else None,
                matching=by_key.get(slot_key(placement.slot)) if placement else None,
            )
        )
    return rows


def next_year_slots(enrolment: Enrolment, year: AcademicYear):
    """The slots of the year after `year` for the enrolment's instrument."""
    upcoming = next_year_after(year)
    return (
        TeachingSlot.objects.filter(
            academic_year=upcoming, instrument_id=enrolment.instrument_id, is_active=True
        )
        .select_related("school", "instrument", "tutor__user", "lesson_type")
        .order_by("weekday", "starts_at", "pk")
    )
