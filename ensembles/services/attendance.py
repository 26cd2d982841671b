"""Writes about attendance: a leader marking a member at a date (marking again changes the mark, audited),
and a family reporting a member's absence ahead of a date, which pre-marks them excused."""

import datetime

from django.db import transaction
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import AbsenceReport, EnsembleAttendance, Mark, Membership, Rehearsal
from ensembles.selectors.attendance import current_on
from hub.audit import record_change
from hub.models import AuditEvent, User


def _is_member_on(membership: Membership, day: datetime.date) -> bool:
    return Membership.objects.filter(
        current_on(day), pk=membership.pk, ensemble_id=membership.ensemble_id
    ).exists()


def _check_mark(*, rehearsal: Rehearsal, membership: Membership, mark: str) -> None:
    if mark not in Mark.values:
        raise EnsemblesError("Choose one of the register's marks.")
    when = f"{rehearsal.name} on {rehearsal.date:%d/%m/%Y}"
    if rehearsal.cancelled:
        raise EnsemblesError(f"{when} was called off: there is no register to take.")
    # Only an excused absence is known before the day; present, late and absent are facts of the day.
    if rehearsal.date > timezone.localdate() and mark != Mark.EXCUSED:
        raise EnsemblesError(f"A member can be marked {Mark(mark).label.lower()} on the day or after it.")
    if membership.ensemble_id != rehearsal.ensemble_id or not _is_member_on(membership, rehearsal.date):
        raise EnsemblesError(f"{membership.pupil} is not a member on {rehearsal.date:%d/%m/%Y}.")


@transaction.atomic
def mark_member(*, rehearsal: Rehearsal, membership: Membership, mark: str, by: User) -> EnsembleAttendance:
    """Mark a member at a date; marking again changes the mark, and the audit trail keeps the change."""
    _check_mark(rehearsal=rehearsal, membership=membership, mark=mark)
    now = timezone.now()
    attendance, created = EnsembleAttendance.objects.get_or_create(
        rehearsal=rehearsal, membership=membership, defaults={"mark": mark, "marked_by": by, "marked_at": now}
    )
    if created:
        return attendance
    attendance = EnsembleAttendance.objects.select_for_update().get(pk=attendance.pk)
    before = {
        "mark": attendance.mark,
        "marked_by": attendance.marked_by_id,
        "marked_at": str(attendance.marked_at),
    }
    attendance.mark, attendance.marked_by, attendance.marked_at = mark, by, now
    attendance.save(update_fields=["mark", "marked_by", "marked_at"])
    if before["mark"] != mark:
        after = {"mark": mark, "marked_by": by.pk, "marked_at": str(now)}
        record_change(
            actor=by, instance=attendance, action=AuditEvent.Action.UPDATED, before=before, after=after
        )
    return attendance


@transaction.atomic
def report_absence(*, rehearsal: Rehearsal, membership: Membership, reason: str, by: User) -> AbsenceReport:
    """A family's word that the member will miss a date still to come; reporting again changes the reason.
    The member is pre-marked excused unless the leader has marked them already."""
    reason = " ".join(reason.split())
    when = f"{rehearsal.name} on {rehearsal.date:%d/%m/%Y}"
    if rehearsal.date < timezone.localdate():
        raise EnsemblesError(f"{when} has already taken place: an absence can only be reported ahead.")
    if rehearsal.cancelled:
        raise EnsemblesError(f"{when} has been called off: there is nothing to miss.")
    if not reason:
        raise EnsemblesError("Give the reason for the absence.", field="reason")
    if membership.ensemble_id != rehearsal.ensemble_id or not _is_member_on(membership, rehearsal.date):
        raise EnsemblesError(f"{membership.pupil} is not a member on {rehearsal.date:%d/%m/%Y}.")
    now = timezone.now()
    report, _ = AbsenceReport.objects.update_or_create(
        rehearsal=rehearsal,
        membership=membership,
        defaults={"reason": reason, "reported_by": by, "reported_at": now},
    )
    EnsembleAttendance.objects.get_or_create(
        rehearsal=rehearsal,
        membership=membership,
        defaults={"mark": Mark.EXCUSED, "marked_by": by, "marked_at": now},
    )
    return report
