"""Placing an enrolment in a slot: the one place that checks a slot's room and the pupil's other lessons."""

import datetime

from django.db import IntegrityError, transaction

from tuition.errors import TuitionError
from tuition.models import Enrolment, Placement, TeachingSlot
from tuition.services.places import places_taken

PUPIL_CLASH = "pupil_in_one_lesson_at_a_time"
PLACED_TWICE = "enrolment_in_one_slot_at_a_time"


def place(
    *,
    enrolment: Enrolment,
    slot: TeachingSlot,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    by,
    note: str = "",
) -> Placement:
    """Start a placement in the slot, with the slot's row locked so that two staff cannot both take its
    last place; the database's exclusion constraints answer a pupil already in a lesson at that time."""
    slot = TeachingSlot.objects.select_for_update().get(pk=slot.pk)
    if not slot.is_active:
        raise TuitionError("That slot is no longer taught.")
    if slot.instrument_id != enrolment.instrument_id:
        raise TuitionError(f"That slot teaches {slot.instrument}, not {enrolment.instrument}.")
    if not slot.academic_year.contains(starts_on):
        raise TuitionError(f"That slot is for {slot.academic_year}, which does not include that date.")
    if places_taken(slot, starts_on, ends_on, excluding=enrolment.pk) >= slot.capacity:
        raise TuitionError(f"That slot is full: it has room for {slot.capacity}.")
    try:
        with transaction.atomic():
            return Placement.objects.create(
                enrolment=enrolment,
                slot=slot,
                starts_on=starts_on,
                ends_on=ends_on,
                pupil_id=enrolment.pupil_id,
                weekday=slot.weekday,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                moved_by=by,
                note=note,
            )
    except IntegrityError as error:
        if PUPIL_CLASH in str(error):
            raise TuitionError(
                f"{enrolment.pupil.first_name} already has another lesson at that time on that day."
            ) from error
        if PLACED_TWICE in str(error):
            raise TuitionError("These lessons are already placed in a slot on those days.") from error
        raise
