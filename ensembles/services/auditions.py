"""Audition slots: staff publish them (one applicant each), a family books one for an application and may
change it. Two families after the last slot at once: the database lets one have it."""

import datetime

from django.db import transaction
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import Application, AuditionSlot, Ensemble
from ensembles.services.applications import guardian_of, lock_application
from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User

SLOT_FIELDS = ["date", "starts_at", "ends_at", "place"]


@transaction.atomic
def publish_slot(
    *, ensemble: Ensemble, date: datetime.date, starts_at: datetime.time, ends_at: datetime.time, place: str,
    by: User,
) -> AuditionSlot:  # fmt: skip
    """A new audition slot for the ensemble, for one applicant."""
    place = " ".join(place.split())
    if date < timezone.localdate():
        raise EnsemblesError("An audition cannot be in the past.", field="date")
    if ends_at <= starts_at:
        raise EnsemblesError("An audition must end after it starts.", field="ends_at")
    if not place:
        raise EnsemblesError("Say where the audition is.", field="place")
    slot = AuditionSlot.objects.create(
        ensemble=ensemble, date=date, starts_at=starts_at, ends_at=ends_at, place=place
    )
    record_change(
        actor=by, instance=slot, action=AuditEvent.Action.CREATED, after=snapshot(slot, SLOT_FIELDS)
    )
    return slot


@transaction.atomic
def remove_slot(*, slot: AuditionSlot, by: User) -> None:
    """Take back a slot nobody has booked."""
    locked = AuditionSlot.objects.select_for_update().get(pk=slot.pk)
    if locked.application_id is not None:
        raise EnsemblesError("This audition is booked: the family must change it before it can be removed.")
    record_change(
        actor=by, instance=locked, action=AuditEvent.Action.DELETED, before=snapshot(locked, SLOT_FIELDS)
    )
    locked.delete()


@transaction.atomic
def book_audition(*, application: Application, slot: AuditionSlot, by: User) -> AuditionSlot:
    """Book the slot for the application, giving up the one it had; refused if another family has it."""
    locked = lock_application(application)
    guardian_of(locked.pupil, by)
    if not locked.is_open or locked.status != Application.Status.APPLIED:
        raise EnsemblesError("An audition can only be booked while the application waits for a decision.")
    if slot.ensemble_id != locked.ensemble_id:
        raise EnsemblesError("Choose one of this ensemble's auditions.", field="slot")
    if slot.date < timezone.localdate():
        raise EnsemblesError("That audition has already taken place: choose another.", field="slot")
    AuditionSlot.objects.filter(application=locked).exclude(pk=slot.pk).update(application=None)
    # A conditional update: a second family's waits on the first's row lock, then finds the slot taken.
    taken = (
        AuditionSlot.objects.filter(pk=slot.pk).filter(application__isnull=True).update(application=locked)
    )
    if not taken and not AuditionSlot.objects.filter(pk=slot.pk, application=locked).exists():
        raise EnsemblesError(
            "Another family has just booked that audition: please choose another.", field="slot"
        )
    booked = AuditionSlot.objects.get(pk=slot.pk)
    record_change(
        actor=by,
        instance=locked,
        action=AuditEvent.Action.UPDATED,
        after={"audition": f"{booked.date:%d/%m/%Y} {booked.starts_at:%H:%M}, {booked.place}"},
    )
    return booked
