"""Places in a slot. A place is free while the pupils placed on the first day (or from a later day) and
the open offers number fewer than the slot's capacity. The count is only ever made with the slot's row
locked (select_for_update), inside the transaction that then makes the offer: two families can never take
the last place at once."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tuition.models import Offer, Placement, TeachingSlot
from tuition.schedule import overlapping


def lock_slots(slots: QuerySet[TeachingSlot]) -> list[TeachingSlot]:
    """Lock the slots' rows, always in the same order, so that two transactions never wait on each other."""
    return list(slots.select_for_update(of=("self",)).select_related("academic_year").order_by("pk"))


def places_taken(
    slot: TeachingSlot,
    day: datetime.date,
    ends_on: datetime.date | None = None,
    *,
    excluding: int | None = None,
) -> int:
    """Pupils placed in the slot on some day from `day` to `ends_on` (or after, without an end), and places
    held by open offers; `excluding` an enrolment being moved. Read under the slot's lock."""
    placed = Placement.objects.filter(overlapping(day, ends_on), slot=slot)
    if excluding is not None:
        placed = placed.exclude(enrolment_id=excluding)
    held = Offer.objects.filter(slot=slot, status=Offer.Status.OPEN).count()
    return placed.count() + held


def has_free_place(slot: TeachingSlot, day: datetime.date) -> bool:
    return places_taken(slot, day) < slot.capacity


def first_lesson_on(slot: TeachingSlot, wanted: datetime.date | None) -> datetime.date:
    """The slot's first weekday on or after the day wanted (today, if none), within the slot's year."""
    day = max(wanted or timezone.localdate(), timezone.localdate(), slot.academic_year.starts_on)
    return day + datetime.timedelta(days=(slot.weekday - day.weekday()) % 7)
