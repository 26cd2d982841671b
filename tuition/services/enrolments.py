"""Enrolments after they start: a family's notice, and staff moving a pupil to another slot or tutor."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub.mail import salutation, send_templated, site_url
from tuition.errors import TuitionError
from tuition.models import Enrolment, LeaveReason, Placement, TeachingSlot
from tuition.notice import current_placement, enrolment_notice_end
from tuition.services.placements import place


def lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().select_related("pupil", "payer__user").get(pk=enrolment.pk)


def end_placements_after(enrolment: Enrolment, last_day: datetime.date) -> None:
    """No placement of the enrolment runs after `last_day`: later ones go, running ones end on it."""
    enrolment.placements.filter(starts_on__gt=last_day).delete()
    placements = enrolment.placements.filter(ends_on__isnull=True) | enrolment.placements.filter(
        ends_on__gt=last_day
    )
    placements.update(ends_on=last_day)


@transaction.atomic
def give_notice(*, enrolment: Enrolment, reason: str, detail: str, by) -> Enrolment:
    """End the lessons under the hub's notice rule, recording why, and e-mail the family to confirm."""
    enrolment = lock_enrolment(enrolment)
    if enrolment.notice_given_at or enrolment.ends_on:
        raise TuitionError(
            f"Notice has already been given: {enrolment.pupil.first_name}'s {enrolment.instrument} "
            f"lessons end on {enrolment.ends_on:%d/%m/%Y}."
        )
    if reason not in LeaveReason.values:
        raise TuitionError("Choose a reason for leaving.")
    today = timezone.localdate()
    ends_on = enrolment_notice_end(enrolment, today)
    if ends_on is None:
        raise TuitionError("These lessons have no slot to end: please contact the hub.")
    end_placements_after(enrolment, ends_on)
    enrolment.ends_on = ends_on
    enrolment.notice_given_at = timezone.now()
    enrolment.notice_given_by = by
    enrolment.leave_reason = reason
    enrolment.leave_detail = detail.strip()
    enrolment.save(
        update_fields=["ends_on", "notice_given_at", "notice_given_by", "leave_reason", "leave_detail"]
    )
    _email_notice(enrolment)
    return enrolment


def _email_notice(enrolment: Enrolment) -> None:
    payer = enrolment.payer.user
    send_templated(
        "tuition/email/notice",
        {
            "greeting": salutation([payer]),
            "enrolment": enrolment,
            "pupil": enrolment.pupil,
            "notice_weeks": settings.TUITION_NOTICE_WEEKS,
            "link": site_url(reverse("tuition:family-enrolment", args=[enrolment.public_id])),
        },
        to=[payer.email],
    )


@transaction.atomic
def move_enrolment(
    *, enrolment: Enrolment, slot: TeachingSlot, starts_on: datetime.date, by, note: str = ""
) -> Placement:
    """Teach the pupil in another slot (or by another tutor) from a day: the current placement ends the
    day before, and the new one runs until the next one already planned (next year's) or the lessons end."""
    enrolment = lock_enrolment(enrolment)
    if enrolment.ends_on and starts_on > enrolment.ends_on:
        raise TuitionError(f"These lessons end on {enrolment.ends_on:%d/%m/%Y}, before that date.")
    if starts_on < enrolment.starts_on:
        raise TuitionError(f"These lessons start on {enrolment.starts_on:%d/%m/%Y}: choose a later date.")
    current = current_placement(enrolment, starts_on)
    if current is not None and current.slot_id == slot.pk and current.starts_on <= starts_on:
        raise TuitionError(f"{enrolment.pupil.first_name} is already taught in that slot.")
    later = enrolment.placements.filter(starts_on__gt=starts_on).order_by("starts_on").first()
    ends_on = later.starts_on - datetime.timedelta(days=1) if later else enrolment.ends_on
    if current is not None and current.starts_on <= starts_on:
        if current.starts_on == starts_on:
            current.delete()
        else:
            current.ends_on = starts_on - datetime.timedelta(days=1)
            current.save(update_fields=["ends_on"])
    return place(enrolment=enrolment, slot=slot, starts_on=starts_on, ends_on=ends_on, by=by, note=note)
