"""What the hub teaches and where: lesson types with their termly fees, and tutors' weekly teaching slots."""

import datetime
import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q

from hub.billing.models import MONEY
from hub.models.calendar import Weekday
from tuition.models.ranges import TimeOfDayRange


class LessonType(models.Model):
    """A kind of lesson for one academic year: individual, shared or group, its length and termly fee."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        SHARED = "shared", "Shared"
        GROUP = "group", "Group"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    academic_year = models.ForeignKey(
        "hub.AcademicYear", on_delete=models.PROTECT, related_name="lesson_types"
    )
    name = models.CharField(max_length=80)
    format = models.CharField(max_length=10, choices=Format.choices)
    min_pupils = models.PositiveSmallIntegerField("smallest group", default=1)
    max_pupils = models.PositiveSmallIntegerField("largest group", default=1)
    minutes = models.PositiveSmallIntegerField("length in minutes")
    lessons_per_term = models.PositiveSmallIntegerField("lessons guaranteed a term")
    lessons_per_year = models.PositiveSmallIntegerField("lessons guaranteed a year")
    termly_fee = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["academic_year", "max_pupils", "minutes", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "name"],
                name="lesson_type_name_unique_in_year",
                violation_error_message="This year already has a lesson type of that name.",
            ),
            models.CheckConstraint(
                condition=Q(min_pupils__gte=1, max_pupils__gte=F("min_pupils")),
                name="lesson_type_group_size_range",
                violation_error_message="The largest group must be at least the smallest, and at least 1.",
            ),
            models.CheckConstraint(
                condition=~Q(format="individual") | Q(max_pupils=1),
                name="individual_lesson_is_for_one",
                violation_error_message="An individual lesson is for one pupil.",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=240),
                name="lesson_type_length",
                violation_error_message="A lesson lasts from 5 minutes to 4 hours.",
            ),
            models.CheckConstraint(
                condition=Q(termly_fee__gte=0),
                name="lesson_type_fee_not_negative",
                violation_error_message="A termly fee cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(lessons_per_year__gte=F("lessons_per_term")),
                name="lesson_type_year_holds_a_term",
                violation_error_message="A year guarantees at least as many lessons as a term.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.academic_year})"


class TeachingSlot(models.Model):
    """A tutor's weekly lesson at a school or music centre: one instrument and lesson type, a capacity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    tutor = models.ForeignKey("hub.StaffProfile", on_delete=models.PROTECT, related_name="teaching_slots")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="teaching_slots"
    )
    music_centre = models.CharField(max_length=120, blank=True, help_text="If not at a school.")
    instrument = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    lesson_type = models.ForeignKey(LessonType, on_delete=models.PROTECT, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    capacity = models.PositiveSmallIntegerField()
    # The school buys these lessons under its SLA: they are billed to the school's account, not families'.
    school_pays = models.BooleanField("the school pays (SLA)", default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(music_centre=""))
                | (Q(school__isnull=True) & ~Q(music_centre="")),
                name="slot_at_a_school_or_centre",
                violation_error_message="A slot is at a school or at a music centre, not both.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message="A slot must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="slot_has_room",
                violation_error_message="A slot has room for at least one pupil.",
            ),
            models.CheckConstraint(
                condition=~Q(school_pays=True, school__isnull=True),
                name="only_a_school_pays_for_its_slot",
                violation_error_message="Only a slot at a school can be paid for by the school.",
            ),
            ExclusionConstraint(
                name="tutor_in_one_slot_at_a_time",
                expressions=[
                    (F("tutor"), RangeOperators.EQUAL),
                    (F("academic_year"), RangeOperators.EQUAL),
                    (F("weekday"), RangeOperators.EQUAL),
                    (TimeOfDayRange(F("starts_at"), F("ends_at")), RangeOperators.OVERLAPS),
                ],
                condition=Q(is_active=True),
                violation_error_message="The tutor already teaches at that time on that day.",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "instrument"]),
            # The staff's slot list runs in week order: its first page is read from here, not sorted.
            models.Index(fields=["academic_year", "weekday", "starts_at"], name="slot_in_week_order"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M} {self.instrument} at {self.place}"

    @property
    def place(self) -> str:
        return self.school.name if self.school_id else self.music_centre

    @property
    def minutes(self) -> int:
        start = datetime.datetime.combine(datetime.date.min, self.starts_at)
        return int((datetime.datetime.combine(datetime.date.min, self.ends_at) - start).total_seconds() // 60)
