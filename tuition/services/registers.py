"""Writes about registers: marking a pupil at a lesson (the lesson is made the first time it is marked)."""

import datetime

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change
from hub.models import AuditEvent, User
from tuition.errors import TuitionError
from tuition.models import Attendance, AttendanceCode, Enrolment, Lesson, TeachingSlot
from tuition.schedule import placements_on
from tuition.selectors.registers import lesson_term

# Known before the day (a parent's notice, a school trip, a tutor's illness, a cancellation); present and
# absent are facts of the day itself.
MARKED_IN_ADVANCE = frozenset(
    {
        AttendanceCode.ABSENT_WITH_NOTICE,
        AttendanceCode.SCHOOL_EVENT,
        AttendanceCode.TUTOR_ABSENT,
        AttendanceCode.HUB_CANCELLED,
    }
)


def _check(*, slot: TeachingSlot, day: datetime.date, enrolment: Enrolment, code: str) -> Lesson:
    if code not in AttendanceCode.values:
        raise TuitionError("Choose one of the register's marks.")
    if day > timezone.localdate() and code not in MARKED_IN_ADVANCE:
        raise TuitionError(
            f"A pupil can be marked {AttendanceCode(code).label.lower()} on the day or after it."
        )
    term = lesson_term(slot, day)
    if term is None:
        raise TuitionError(f"{slot} has no lesson on {day:%d/%m/%Y}.")
    if not placements_on(slot, day).filter(enrolment=enrolment).exists():
        raise TuitionError(f"{enrolment.pupil} is not in this lesson on {day:%d/%m/%Y}.")
    lesson, _ = Lesson.objects.get_or_create(slot=slot, date=day, defaults={"term": term})
    return lesson


@transaction.atomic
def mark_attendance(
    *, slot: TeachingSlot, day: datetime.date, enrolment: Enrolment, code: str, by: User
) -> Attendance:
    """Mark a pupil at a lesson; marking again changes the mark, and the audit trail keeps the last one."""
    lesson = _check(slot=slot, day=day, enrolment=enrolment, code=code)
    now = timezone.now()
    attendance, created = Attendance.objects.get_or_create(
        lesson=lesson, enrolment=enrolment, defaults={"code": code, "marked_by": by, "marked_at": now}
    )
    if created:
        return attendance
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    before = {
        "code": attendance.code,
        "marked_by": str(attendance.marked_by),
        "marked_at": str(attendance.marked_at),
    }
    attendance.code, attendance.marked_by, attendance.marked_at = code, by, now
    attendance.save(update_fields=["code", "marked_by", "marked_at"])
    if before["code"] != code:
        after = {"code": code, "marked_by": str(by), "marked_at": str(now)}
        record_change(
            actor=by, instance=attendance, action=AuditEvent.Action.UPDATED, before=before, after=after
        )
    return attendance
