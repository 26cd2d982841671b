"""Who came to a rehearsal: a leader's mark for each member at each date, and the absences families report
ahead of a date, which the register shows and pre-marks as excused."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Mark(models.TextChoices):
    """A member's mark at a rehearsal. Present and late count as attending; absent and excused do not."""

    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"


ATTENDED = (Mark.PRESENT, Mark.LATE)


class EnsembleAttendance(models.Model):
    """A member's mark at one date of their ensemble; marking again changes it. A family's reported absence
    writes an excused mark (by the parent) that the leader's own mark replaces."""

    rehearsal = models.ForeignKey("ensembles.Rehearsal", on_delete=models.PROTECT, related_name="marks")
    membership = models.ForeignKey("ensembles.Membership", on_delete=models.PROTECT, related_name="marks")
    mark = models.CharField(max_length=7, choices=Mark.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["rehearsal", "membership"]
        constraints = [
            models.UniqueConstraint(
                fields=["rehearsal", "membership"],
                name="one_mark_per_rehearsal_and_member",
                violation_error_message="This member already has a mark for this date.",
            ),
            models.CheckConstraint(
                condition=Q(mark__in=Mark.values),
                name="ensemble_attendance_mark_known",
                violation_error_message="Choose one of the register's marks.",
            ),
        ]
        # The attendance rates read a member's marks.
        indexes = [models.Index(fields=["membership", "mark"], name="attendance_by_member")]

    def __str__(self):
        return f"{self.membership.pupil} at {self.rehearsal}: {self.get_mark_display()}"


class AbsenceReport(models.Model):
    """A family's word that a member will miss a date, with their reason; reporting again changes it."""

    rehearsal = models.ForeignKey(
        "ensembles.Rehearsal", on_delete=models.PROTECT, related_name="absence_reports"
    )
    membership = models.ForeignKey(
        "ensembles.Membership", on_delete=models.PROTECT, related_name="absence_reports"
    )
    reason = models.CharField(max_length=300)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["rehearsal", "membership"]
        constraints = [
            models.UniqueConstraint(
                fields=["rehearsal", "membership"],
                name="one_absence_report_per_rehearsal_and_member",
                violation_error_message="An absence is already reported for this date.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="absence_report_has_reason",
                violation_error_message="Give the reason for the absence.",
            ),
        ]

    def __str__(self):
        return f"{self.membership.pupil} away from {self.rehearsal}: {self.reason}"
