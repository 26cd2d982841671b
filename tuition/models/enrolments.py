"""Enrolments: lessons that run on term after term until notice, and the slots they are placed in."""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q

from tuition.models.ranges import DaySpan, TimeOfDayRange


class LeaveReason(models.TextChoices):
    COST = "cost", "The cost"
    LOST_INTEREST = "interest", "Lost interest"
    OTHER_ACTIVITIES = "activities", "Too many other activities"
    PRIVATE_TEACHER = "private", "Moving to a private teacher"
    MOVING_AWAY = "moving", "Moving away or changing school"
    OTHER = "other", "Another reason"


class Enrolment(models.Model):
    """A pupil's lessons on an instrument, from an accepted offer until the end date that notice sets."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="enrolments")
    instrument = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        "tuition.LessonRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="enrolment"
    )
    # Who pays (their family billing account), unless the slot is one the school pays for.
    payer = models.ForeignKey("hub.Guardian", on_delete=models.PROTECT, related_name="enrolments")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Set by notice; empty while lessons go on.")
    notice_given_at = models.DateTimeField(null=True, blank=True)
    notice_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    leave_reason = models.CharField(max_length=10, choices=LeaveReason.choices, blank=True)
    leave_detail = models.TextField("more about the reason", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="enrolment_ends_after_start",
                violation_error_message="Lessons cannot end before they start.",
            ),
            models.CheckConstraint(
                condition=Q(notice_given_at__isnull=True) | (Q(ends_on__isnull=False) & ~Q(leave_reason="")),
                name="notice_sets_end_and_reason",
                violation_error_message="Notice needs an end date and a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.pupil}: {self.instrument}"


class Placement(models.Model):
    """Which slot an enrolment is taught in, from a day to a day: a move to another slot or tutor, or next
    year's slot, starts a new placement and ends the last one."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="placements")
    slot = models.ForeignKey("tuition.TeachingSlot", on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    # Copied from the enrolment and the slot, so that the database itself refuses a pupil in two lessons
    # at once (an exclusion constraint reads one table).
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message="A placement cannot end before it starts.",
            ),
            ExclusionConstraint(
                name="pupil_in_one_lesson_at_a_time",
                expressions=[
                    (F("pupil"), RangeOperators.EQUAL),
                    (F("weekday"), RangeOperators.EQUAL),
                    (TimeOfDayRange(F("starts_at"), F("ends_at")), RangeOperators.OVERLAPS),
                    (DaySpan(F("starts_on"), F("ends_on")), RangeOperators.OVERLAPS),
                ],
                violation_error_message="The pupil already has a lesson at that time on that day.",
            ),
            ExclusionConstraint(
                name="enrolment_in_one_slot_at_a_time",
                expressions=[
                    (F("enrolment"), RangeOperators.EQUAL),
                    (DaySpan(F("starts_on"), F("ends_on")), RangeOperators.OVERLAPS),
                ],
                violation_error_message="These lessons are already placed in a slot on those days.",
            ),
        ]
        indexes = [models.Index(fields=["slot", "starts_on"])]

    def __str__(self):
        return f"{self.enrolment} in {self.slot}"
