"""A family's request for lessons: offered a free place at once, or put on the waiting list; withdrawn."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from hub.models import Guardian, InstrumentType, User
from schools.models import Pupil
from tuition.errors import TuitionError
from tuition.models import LessonRequest, LessonType, Offer, TeachingSlot
from tuition.selectors.slots import bookable_slots
from tuition.services import places
from tuition.services.offers import create_offer


def guardian_of(pupil: Pupil, by: User) -> Guardian:
    """The signed-in parent, if they are one of the child's; nobody acts for another family's child."""
    guardian = getattr(by, "guardian", None)
    if guardian is None or not pupil.guardians.filter(pk=guardian.pk).exists():
        raise TuitionError("Only the child's parents and carers can ask for lessons for them.")
    return guardian


def matching_slots(
    *, pupil: Pupil, instrument: InstrumentType, lesson_type: LessonType
) -> QuerySet[TeachingSlot]:
    return bookable_slots().filter(school=pupil.school, instrument=instrument, lesson_type=lesson_type)


def _check(pupil: Pupil, instrument: InstrumentType, lesson_type: LessonType, preferred_start) -> None:
    if pupil.school_id is None:
        raise TuitionError(f"Lessons are taught in schools in the register; {pupil.first_name}'s is not one.")
    if preferred_start is not None and preferred_start < timezone.localdate():
        raise TuitionError("The preferred start cannot be in the past.")
    if not matching_slots(pupil=pupil, instrument=instrument, lesson_type=lesson_type).exists():
        raise TuitionError(f"{pupil.school} does not teach {instrument} as {lesson_type.name} lessons.")
    if pupil.lesson_requests.filter(instrument=instrument, status__in=LessonRequest.OPEN).exists():
        raise TuitionError(f"{pupil.first_name} is already waiting for {instrument} lessons.")


@transaction.atomic
def request_lessons(
    *,
    pupil: Pupil,
    instrument: InstrumentType,
    lesson_type: LessonType,
    level: str,
    preferred_start: datetime.date | None,
    by: User,
) -> LessonRequest:
    """Ask for lessons: a free place in a matching slot is offered at once; otherwise the request waits."""
    guardian = guardian_of(pupil, by)
    if not guardian.billing_address_lines:
        # The termly bill goes to the payer's address.
        raise TuitionError("Add your billing address (in your details) before you ask for lessons.")
    _check(pupil, instrument, lesson_type, preferred_start)
    now = timezone.now()
    try:
        with transaction.atomic():
            lesson_request = LessonRequest.objects.create(
                pupil=pupil,
                instrument=instrument,
                lesson_type=lesson_type,
                school=pupil.school,
                level=level,
                preferred_start=preferred_start,
                requested_by=guardian,
                terms_accepted_at=now,
                requested_at=now,
            )
    except IntegrityError as error:  # the same request sent twice at once
        raise TuitionError(f"{pupil.first_name} is already waiting for {instrument} lessons.") from error
    _offer_a_free_place(lesson_request, by)
    return lesson_request


def _offer_a_free_place(lesson_request: LessonRequest, by: User) -> Offer | None:
    slots = places.lock_slots(
        matching_slots(
            pupil=lesson_request.pupil,
            instrument=lesson_request.instrument,
            lesson_type=lesson_request.lesson_type,
        )
    )
    # Fair to those already waiting: a place freed since they asked is theirs, offered by staff.
    ahead = LessonRequest.objects.filter(
        status=LessonRequest.Status.WAITING,
        school=lesson_request.school,
        instrument=lesson_request.instrument,
        lesson_type=lesson_request.lesson_type,
        requested_at__lt=lesson_request.requested_at,
    )
    if ahead.exists():
        return None
    for slot in slots:
        starts_on = places.first_lesson_on(slot, lesson_request.preferred_start)
        if slot.academic_year.contains(starts_on) and places.has_free_place(slot, starts_on):
            return create_offer(lesson_request=lesson_request, slot=slot, starts_on=starts_on, by=None)
    return None


@transaction.atomic
def withdraw_request(*, lesson_request: LessonRequest, by: User) -> LessonRequest:
    """The family no longer wants the lessons: off the waiting list, and any offered place freed."""
    locked = (
        LessonRequest.objects.select_for_update()
        .select_related("pupil", "instrument")
        .get(pk=lesson_request.pk)
    )
    guardian_of(locked.pupil, by)
    if locked.status == LessonRequest.Status.PLACED:
        raise TuitionError(
            f"{locked.pupil.first_name} has {locked.instrument} lessons now: give notice instead."
        )
    if not locked.is_open:
        raise TuitionError(f"This request is already closed: {locked.get_status_display().lower()}.")
    now = timezone.now()
    # The family's own answer to the offer: the place is free again.
    locked.offers.filter(status=Offer.Status.OPEN).update(status=Offer.Status.DECLINED, decided_at=now)
    locked.status, locked.closed_at = LessonRequest.Status.WITHDRAWN, now
    locked.save(update_fields=["status", "closed_at"])
    return locked
