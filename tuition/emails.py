"""The tuition app's e-mails to families about offers of a place (through hub/mail.py's outbox)."""

from django.conf import settings
from django.urls import reverse

from hub.mail import salutation, send_templated, site_url
from tuition.models import LessonRequest, Offer
from tuition.pricing import termly_fee_for
from tuition.selectors.waiting_lists import position_in_queue


def offer_context(offer: Offer) -> dict:
    lesson_request = offer.request
    guardian = lesson_request.requested_by
    link = site_url(reverse("tuition:offer", kwargs={"public_id": offer.public_id}))
    return {
        "greeting": salutation([guardian.user]),
        "offer": offer,
        "child": lesson_request.pupil,
        "instrument": lesson_request.instrument,
        "slot": offer.slot,
        "fee": termly_fee_for(lesson_request.pupil, offer.slot.lesson_type),
        "offer_days": settings.TUITION_OFFER_DAYS,
        "link": link,
        "accept_link": f"{link}#accept",
        "decline_link": f"{link}#decline",
        "lessons_link": site_url(reverse("tuition:family-lessons")),
    }


def _send(offer: Offer, template: str, **extra) -> None:
    offer = Offer.objects.select_related(
        "request__pupil__school",
        "request__instrument",
        "request__requested_by__user",
        "slot__school",
        "slot__lesson_type__academic_year",
        "slot__tutor__user",
    ).get(pk=offer.pk)
    send_templated(
        f"tuition/email/{template}",
        {**offer_context(offer), **extra},
        to=[offer.request.requested_by.user.email],
    )


def tell_of_offer(offer: Offer) -> None:
    """A place is offered: the family may accept or decline it within TUITION_OFFER_DAYS days."""
    _send(offer, "offer_made")


def tell_of_reminder(offer: Offer) -> None:
    _send(offer, "offer_reminder")


def tell_of_expiry(offer: Offer) -> None:
    """The offer lapsed unanswered: the child is back on the waiting list, at the place they had."""
    position = (
        LessonRequest.objects.annotate(position=position_in_queue())
        .values_list("position", flat=True)
        .get(pk=offer.request_id)
    )
    _send(offer, "offer_expired", position=position)
