"""Next year's re-enrolment: each pupil in lessons at the year's end stays, changes lesson type or leaves."""

import datetime

from django.db import models, transaction
from django.utils import timezone

from hub.models import AcademicYear
from tuition.errors import TuitionError
from tuition.models import Enrolment, LeaveReason, Placement, TeachingSlot
from tuition.services.enrolments import end_placements_after, lock_enrolment
from tuition.services.placements import place


class Choice(models.TextChoices):
    STAY = "stay", "Stay"
    CHANGE = "change", "Change lesson type"
    LEAVE = "leave", "Leave"


def next_year_after(year: AcademicYear) -> AcademicYear | None:
    return AcademicYear.objects.filter(starts_on__gt=year.starts_on).order_by("starts_on").first()


def first_teaching_day(year: AcademicYear) -> datetime.date:
    """Where next year's placements start: its first term's first day (the year's start without terms)."""
    term = year.terms.order_by("starts_on").first()
    return term.starts_on if term else year.starts_on


def slot_key(slot: TeachingSlot) -> tuple:
    """What makes next year's slot the same lesson: tutor, place, instrument, weekday and time."""
    return (
        slot.tutor_id,
        slot.school_id,
        slot.music_centre,
        slot.instrument_id,
        slot.weekday,
        slot.starts_at,
    )


def matching_slot(slot: TeachingSlot, year: AcademicYear) -> TeachingSlot | None:
    """The slot of `year` that continues `slot`, if staff have created it."""
    tutor, school, centre, instrument, weekday, starts_at = slot_key(slot)
    return TeachingSlot.objects.filter(
        academic_year=year,
        is_active=True,
        tutor_id=tutor,
        school_id=school,
        music_centre=centre,
        instrument_id=instrument,
        weekday=weekday,
        starts_at=starts_at,
    ).first()


def _this_years_placement(enrolment: Enrolment, year: AcademicYear) -> Placement:
    placement = (
        enrolment.placements.filter(slot__academic_year=year)
        .select_related("slot__lesson_type")
        .order_by("-starts_on")
        .first()
    )
    if placement is None:
        raise TuitionError(f"{enrolment.pupil.first_name} has no lessons in {year}.")
    return placement


def _decided(enrolment: Enrolment, year: AcademicYear, next_start: datetime.date) -> None:
    if enrolment.ends_on and enrolment.ends_on <= year.ends_on:
        raise TuitionError(
            f"{enrolment.pupil.first_name}'s lessons already end on {enrolment.ends_on:%d/%m/%Y}: "
            "nothing has been changed."
        )
    if enrolment.placements.filter(starts_on__gte=next_start).exists():
        raise TuitionError(
            f"{enrolment.pupil.first_name} already has a place next year: nothing has been changed."
        )


@transaction.atomic
def reenrol(
    *,
    enrolment: Enrolment,
    year: AcademicYear,
    choice: str,
    by,
    slot: TeachingSlot | None = None,
    reason: str = "",
) -> Placement | None:
    """Carry lessons into the year after `year` (in the matching or a chosen slot) or end them at its end.
    A second answer for the same pupil changes nothing and says so."""
    enrolment = lock_enrolment(enrolment)
    upcoming = next_year_after(year)
    if choice != Choice.LEAVE and upcoming is None:
        raise TuitionError(f"The year after {year} is not in the calendar yet.")
    next_start = first_teaching_day(upcoming) if upcoming else year.ends_on + datetime.timedelta(days=1)
    _decided(enrolment, year, next_start)
    current = _this_years_placement(enrolment, year)
    if choice == Choice.LEAVE:
        _leave(enrolment, year, reason, by)
        return None
    assert upcoming is not None
    target = _target_slot(current.slot, upcoming, choice, slot)
    end_placements_after(enrolment, next_start - datetime.timedelta(days=1))
    note = f"Re-enrolled for {upcoming}" if choice == Choice.STAY else f"Changed lesson type for {upcoming}"
    return place(enrolment=enrolment, slot=target, starts_on=next_start, ends_on=None, by=by, note=note)


def _target_slot(
    current: TeachingSlot, upcoming: AcademicYear, choice: str, slot: TeachingSlot | None
) -> TeachingSlot:
    if choice == Choice.STAY:
        slot = slot or matching_slot(current, upcoming)
        if slot is None:
            raise TuitionError(f"{upcoming} has no matching slot yet: choose a slot.")
    elif choice == Choice.CHANGE:
        if slot is None:
            raise TuitionError("Choose a slot of another lesson type.")
        if slot.lesson_type.name == current.lesson_type.name:
            raise TuitionError(f"That slot is also {current.lesson_type.name}: choose another lesson type.")
    else:
        raise TuitionError("Choose stay, change lesson type or leave.")
    if slot.academic_year_id != upcoming.pk:
        raise TuitionError(f"Choose a slot of {upcoming}.")
    return slot


def _leave(enrolment: Enrolment, year: AcademicYear, reason: str, by) -> None:
    if reason not in LeaveReason.values:
        raise TuitionError("Choose a reason for leaving.")
    end_placements_after(enrolment, year.ends_on)
    enrolment.ends_on = year.ends_on
    enrolment.notice_given_at = timezone.now()
    enrolment.notice_given_by = by
    enrolment.leave_reason = reason
    enrolment.save(update_fields=["ends_on", "notice_given_at", "notice_given_by", "leave_reason"])
