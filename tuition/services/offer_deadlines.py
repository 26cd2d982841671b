"""Beat's work on offers: remind a family before an offer expires, and expire it when the days run out
(the place is free again, and the child goes back on the waiting list where they were)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tuition import emails
from tuition.models import LessonRequest, Offer


def expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Expire every open offer past its time; safe to run twice, and beside another run."""
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.OPEN, expires_at__lte=now)
    return sum(expire_offer(offer_id=pk, now=now) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def expire_offer(*, offer_id: int, now: datetime.datetime) -> bool:
    """One offer, if it is still open and past its time; False when another run or the family got there."""
    request_id = Offer.objects.filter(pk=offer_id).values_list("request_id", flat=True).first()
    if request_id is None:
        return False
    # The family's accept or decline locks the request, then the offer: lock them in that order too.
    lesson_request = LessonRequest.objects.select_for_update(skip_locked=True).filter(pk=request_id).first()
    offer = (
        Offer.objects.select_for_update(skip_locked=True)
        .filter(pk=offer_id, status=Offer.Status.OPEN, expires_at__lte=now)
        .first()
    )
    if lesson_request is None or offer is None:
        return False
    offer.status, offer.decided_at = Offer.Status.EXPIRED, now
    offer.save(update_fields=["status", "decided_at"])
    # Back to waiting: its place in the queue is its requested_at, which never changes.
    lesson_request.status = LessonRequest.Status.WAITING
    lesson_request.save(update_fields=["status"])
    emails.tell_of_expiry(offer)
    return True


def remind_offers(*, now: datetime.datetime | None = None) -> int:
    """E-mail, once, each family whose open offer expires within TUITION_OFFER_REMINDER_DAYS."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.TUITION_OFFER_REMINDER_DAYS)
    due = Offer.objects.filter(
        status=Offer.Status.OPEN, reminded_at__isnull=True, expires_at__gt=now, expires_at__lte=soon
    )
    return sum(remind_offer(offer_id=pk, now=now) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def remind_offer(*, offer_id: int, now: datetime.datetime) -> bool:
    """Claim the reminder with a conditional update, so that it is sent once however many runs there are."""
    claimed = Offer.objects.filter(
        pk=offer_id, status=Offer.Status.OPEN, reminded_at__isnull=True, expires_at__gt=now
    ).update(reminded_at=now)
    if claimed:
        emails.tell_of_reminder(Offer.objects.get(pk=offer_id))
    return bool(claimed)
