"""Offers of a place: made by staff from the waiting list (or at once when a family asks and a place is
free), then accepted, declined, or left to expire. Rows are locked request first, then offer, then slot."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from hub.models import User
from tuition import emails
from tuition.errors import TuitionError
from tuition.models import Enrolment, LessonRequest, Offer, Placement, TeachingSlot
from tuition.services import places


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y \\a\\t H:i")


def create_offer(
    *, lesson_request: LessonRequest, slot: TeachingSlot, starts_on: datetime.date, by: User | None
) -> Offer:
    """Hold a place for the request and e-mail the family. The caller holds the slot's lock and has
    checked that a place is free."""
    now = timezone.now()
    offer = Offer.objects.create(
        request=lesson_request,
        slot=slot,
        starts_on=starts_on,
        made_by=by if by is not None and by.is_authenticated else None,
        made_at=now,
        expires_at=now + datetime.timedelta(days=settings.TUITION_OFFER_DAYS),
    )
    lesson_request.status = LessonRequest.Status.OFFERED
    lesson_request.save(update_fields=["status"])
    emails.tell_of_offer(offer)
    return offer


def _check_slot(lesson_request: LessonRequest, slot: TeachingSlot, starts_on: datetime.date) -> None:
    if not slot.is_active:
        raise TuitionError("This slot is no longer taught: choose another.")
    if slot.instrument_id != lesson_request.instrument_id:
        raise TuitionError(f"This slot teaches {slot.instrument}, not {lesson_request.instrument}.")
    if starts_on < timezone.localdate():
        raise TuitionError("The first lesson cannot be in the past.")
    if not slot.academic_year.contains(starts_on):
        raise TuitionError(f"The first lesson must fall in the slot's academic year, {slot.academic_year}.")
    if starts_on.weekday() != slot.weekday:
        raise TuitionError(f"Lessons in this slot are on {slot.get_weekday_display()}s: choose one.")


@transaction.atomic
def make_offer(
    *, lesson_request: LessonRequest, slot: TeachingSlot, starts_on: datetime.date, by: User
) -> Offer:
    """Staff offer a waiting request a place in a slot, from a day; the family is e-mailed."""
    locked = LessonRequest.objects.select_for_update().select_related("pupil").get(pk=lesson_request.pk)
    if locked.status != LessonRequest.Status.WAITING:
        raise TuitionError(f"This request is no longer waiting: {locked.get_status_display().lower()}.")
    [slot] = places.lock_slots(TeachingSlot.objects.filter(pk=slot.pk))
    _check_slot(locked, slot, starts_on)
    if not places.has_free_place(slot, starts_on):
        raise TuitionError("This slot has no free place on that day: choose another slot or a later start.")
    return create_offer(lesson_request=locked, slot=slot, starts_on=starts_on, by=by)


def _lock(offer: Offer) -> tuple[LessonRequest, Offer]:
    lesson_request = (
        LessonRequest.objects.select_for_update(of=("self",))
        .select_related("pupil", "instrument")
        .get(pk=offer.request_id)
    )
    locked = Offer.objects.select_for_update(of=("self",)).select_related("slot").get(pk=offer.pk)
    return lesson_request, locked


def _not_open(offer: Offer, *, accepting: bool) -> str:
    Status = Offer.Status
    return {
        Status.ACCEPTED: "You have already accepted this place."
        if accepting
        else "You have accepted this place: to stop the lessons, give notice.",
        Status.DECLINED: "You declined this place, so it can no longer be accepted."
        if accepting
        else "You have already declined this place.",
        Status.EXPIRED: f"This offer expired on {_when(offer.expires_at)}.",
        Status.WITHDRAWN: "This offer has been withdrawn.",
    }[Status(offer.status)]


@transaction.atomic
def accept_offer(*, offer: Offer, by: User) -> Enrolment:
    """The family takes the place: an enrolment, paid by whoever asked, placed in the slot from the offer's
    first day."""
    lesson_request, offer = _lock(offer)
    if offer.status != Offer.Status.OPEN:
        raise TuitionError(_not_open(offer, accepting=True))
    now = timezone.now()
    if offer.expires_at <= now:
        raise TuitionError(f"This offer expired on {_when(offer.expires_at)}.")
    pupil, slot = lesson_request.pupil, offer.slot
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                pupil=pupil,
                instrument=lesson_request.instrument,
                request=lesson_request,
                payer_id=lesson_request.requested_by_id,
                starts_on=offer.starts_on,
            )
            Placement.objects.create(
                enrolment=enrolment,
                slot=slot,
                starts_on=offer.starts_on,
                pupil=pupil,
                weekday=slot.weekday,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                moved_by=by,
            )
    except IntegrityError as error:
        if "pupil_in_one_lesson_at_a_time" not in str(error):
            raise
        raise TuitionError(
            f"{pupil.first_name} already has a lesson at that time on {slot.get_weekday_display()}s."
        ) from error
    offer.status, offer.decided_at = Offer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "decided_at"])
    lesson_request.status, lesson_request.closed_at = LessonRequest.Status.PLACED, now
    lesson_request.save(update_fields=["status", "closed_at"])
    return enrolment


@transaction.atomic
def decline_offer(*, offer: Offer, by: User) -> Offer:
    """The family turns the place down: it is free again, and the request is closed as declined."""
    lesson_request, offer = _lock(offer)
    if offer.status != Offer.Status.OPEN:
        raise TuitionError(_not_open(offer, accepting=False))
    now = timezone.now()
    offer.status, offer.decided_at = Offer.Status.DECLINED, now
    offer.save(update_fields=["status", "decided_at"])
    lesson_request.status, lesson_request.closed_at = LessonRequest.Status.DECLINED, now
    lesson_request.save(update_fields=["status", "closed_at"])
    return offer
