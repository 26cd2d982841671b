"""Registers: each lesson of a slot on a teaching day, and each pupil's attendance at it."""

from django.conf import settings
from django.db import models


class AttendanceCode(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    ABSENT_WITH_NOTICE = "notice", "Absent with notice"
    SCHOOL_EVENT = "school", "School event"
    TUTOR_ABSENT = "tutor", "Tutor absent"
    HUB_CANCELLED = "cancelled", "Cancelled by the hub"

    @property
    def billable(self) -> bool:
        """The family pays for the lesson: lessons lost to the hub are credited on the next bill."""
        return self not in LOST_TO_THE_HUB

    @property
    def payable(self) -> bool:
        """The tutor is paid for the lesson: they came, whether or not the pupil did."""
        return self not in LOST_TO_THE_HUB

    @property
    def short(self) -> str:
        return SHORT_CODES[self]


# The hub's policy: a pupil who misses a lesson (with notice or for a school event) still pays for it,
# since the tutor was there; a lesson the hub does not give is credited to the family.
LOST_TO_THE_HUB = frozenset({AttendanceCode.TUTOR_ABSENT, AttendanceCode.HUB_CANCELLED})
SHORT_CODES = {
    AttendanceCode.PRESENT: "P",
    AttendanceCode.ABSENT: "A",
    AttendanceCode.ABSENT_WITH_NOTICE: "N",
    AttendanceCode.SCHOOL_EVENT: "S",
    AttendanceCode.TUTOR_ABSENT: "T",
    AttendanceCode.HUB_CANCELLED: "C",
}


class Lesson(models.Model):
    """One lesson of a slot on a teaching day; made when its register is first opened or marked."""

    slot = models.ForeignKey("tuition.TeachingSlot", on_delete=models.PROTECT, related_name="lessons")
    date = models.DateField()
    term = models.ForeignKey("hub.Term", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "date"],
                name="one_lesson_per_slot_a_day",
                violation_error_message="This slot already has a lesson on that day.",
            ),
        ]

    def __str__(self):
        return f"{self.slot} on {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    """A pupil's mark on a lesson's register."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="attendances")
    enrolment = models.ForeignKey("tuition.Enrolment", on_delete=models.PROTECT, related_name="attendances")
    code = models.CharField(max_length=9, choices=AttendanceCode.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["lesson", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "enrolment"],
                name="one_mark_per_pupil_a_lesson",
                violation_error_message="This pupil is already marked for this lesson.",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.pupil}: {self.get_code_display()}"

    @property
    def code_info(self) -> AttendanceCode:
        return AttendanceCode(self.code)
