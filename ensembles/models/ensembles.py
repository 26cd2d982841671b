"""Area and county ensembles: who they are for (ages, grades), when and where they rehearse, their sections
with the instruments each needs, and what a member's family pays a term in each academic year."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from hub.billing.models import MONEY
from hub.models.calendar import Weekday

# Graded music exams run from grade 1 to 8; 0 is a beginner who has taken none.
HIGHEST_GRADE = 8


class Level(models.TextChoices):
    """How far up the hub's ladder an ensemble is: an area's, the county's, or the county's advanced one."""

    AREA = "area", "Area"
    COUNTY = "county", "County"
    ADVANCED = "advanced", "Advanced"


class Ensemble(models.Model):
    """An ensemble of the hub, known in URLs by its slug; an area ensemble belongs to an area."""

    # Names the ensemble's public calendar feed for good: a slug changes when the ensemble is renamed, and
    # phones subscribed to the feed would lose it.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=110, unique=True, error_messages={"unique": "Another ensemble already has this name."}
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.AREA)
    area = models.ForeignKey(
        "hub.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="ensembles"
    )
    min_age = models.PositiveSmallIntegerField("youngest age")
    max_age = models.PositiveSmallIntegerField("oldest age")
    min_grade = models.PositiveSmallIntegerField("lowest grade", default=0)
    max_grade = models.PositiveSmallIntegerField("highest grade", default=HIGHEST_GRADE)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="led_ensembles")
    venue = models.CharField(max_length=200)
    rehearsal_weekday = models.PositiveSmallIntegerField("rehearsal day", choices=Weekday.choices)
    starts_at = models.TimeField("rehearsal starts")
    ends_at = models.TimeField("rehearsal ends")
    capacity = models.PositiveSmallIntegerField(help_text="The most members it can take.")
    is_active = models.BooleanField("active", default=True, help_text="Listed for families to find.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")),
                name="ensemble_ages_in_order",
                violation_error_message="The youngest age cannot be above the oldest age.",
            ),
            models.CheckConstraint(
                condition=Q(min_grade__lte=F("max_grade")),
                name="ensemble_grades_in_order",
                violation_error_message="The lowest grade cannot be above the highest grade.",
            ),
            models.CheckConstraint(
                condition=Q(max_grade__lte=HIGHEST_GRADE),
                name="ensemble_grade_at_most_8",
                violation_error_message=f"Grades run from 0 (none yet) to {HIGHEST_GRADE}.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="ensemble_rehearsal_ends_after_start",
                violation_error_message="A rehearsal must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="ensemble_capacity_positive",
                violation_error_message="An ensemble must have room for at least one member.",
            ),
            models.CheckConstraint(
                condition=~Q(level=Level.AREA, area__isnull=True),
                name="area_ensemble_has_an_area",
                violation_error_message="An area ensemble needs its area.",
            ),
            models.CheckConstraint(
                condition=Q(rehearsal_weekday__lte=6),
                name="ensemble_weekday_is_a_day",
                violation_error_message="Choose a day of the week.",
            ),
        ]

    def __str__(self):
        return self.name

    def takes_age(self, age: int) -> bool:
        """Whether a child of that age (in whole years) is in the ensemble's range: the listing's filter's
        rule (ensembles/selectors/listing.py, `taking_age`)."""
        return self.min_age <= age <= self.max_age

    @property
    def when(self) -> str:
        """ "Saturdays, 09:30 to 12:00": it sits inside sentences."""
        return f"{self.get_rehearsal_weekday_display()}s, {self.starts_at:%H:%M} to {self.ends_at:%H:%M}"


class EnsembleSection(models.Model):
    """A section of an ensemble ("Violins"), the instrument types it takes, and how many players it wants."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ensemble = models.ForeignKey(Ensemble, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=60)
    instrument_types = models.ManyToManyField("hub.InstrumentType", related_name="ensemble_sections")
    # Not a PositiveSmallIntegerField: its own unnamed check would come first, with no message of ours.
    target = models.SmallIntegerField("target number of players")

    class Meta:
        ordering = ["ensemble", "name"]
        constraints = [
            models.UniqueConstraint(
                "ensemble",
                Lower("name"),
                name="one_section_name_per_ensemble",
                violation_error_message="This ensemble already has a section of that name.",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="section_target_not_negative",
                violation_error_message="A section's target number cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.ensemble}: {self.name}"


class EnsembleFee(models.Model):
    """What a member's family pays a term for an ensemble, in an academic year."""

    ensemble = models.ForeignKey(Ensemble, on_delete=models.PROTECT, related_name="fees")
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    termly_fee = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["academic_year", "ensemble__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ensemble", "academic_year"],
                name="one_fee_per_ensemble_and_year",
                violation_error_message="This ensemble already has a fee for that year.",
            ),
            models.CheckConstraint(
                condition=Q(termly_fee__gte=0),
                name="ensemble_fee_not_negative",
                violation_error_message="An ensemble fee cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.ensemble}, {self.academic_year}: £{self.termly_fee} a term"
