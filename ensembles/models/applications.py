"""A family's application for a child to join an ensemble on an instrument, the audition slots staff publish
(one applicant each), and the outcome staff record."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ensembles.models.ensembles import HIGHEST_GRADE


class Application(models.Model):
    """A child's application to an ensemble for an academic year, on an instrument its sections take. It waits
    for a decision (an audition may be booked), and ends accepted (a Membership), declined or withdrawn; the
    waiting list may still become either."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Waiting for a decision"
        WAITING_LIST = "waiting_list", "On the waiting list"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Not offered a place"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ensemble = models.ForeignKey("ensembles.Ensemble", on_delete=models.PROTECT, related_name="applications")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="ensemble_applications")
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    grade = models.PositiveSmallIntegerField()
    experience = models.TextField(blank=True)
    current_teacher = models.CharField(max_length=120, blank=True)
    # The guardian who applied: an accepted child's termly fee goes to their family billing account.
    applied_by = models.ForeignKey(
        "hub.Guardian", on_delete=models.PROTECT, related_name="ensemble_applications"
    )
    applied_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    section = models.ForeignKey(
        "ensembles.EnsembleSection", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    OPEN = (Status.APPLIED, Status.WAITING_LIST)

    class Meta:
        ordering = ["applied_at", "pk"]
        constraints = [
            # A withdrawn application does not count: the family may apply again.
            models.UniqueConstraint(
                fields=["pupil", "ensemble", "academic_year"],
                condition=~Q(status="withdrawn"),
                name="one_application_per_pupil_ensemble_year",
                violation_error_message="This child has already applied to this ensemble for that year.",
            ),
            models.CheckConstraint(
                condition=Q(grade__lte=HIGHEST_GRADE),
                name="application_grade_at_most_8",
                violation_error_message=f"Grades run from 0 (none yet) to {HIGHEST_GRADE}.",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(section__isnull=False),
                name="accepted_application_has_section",
                violation_error_message="Choose the section the child joins.",
            ),
        ]
        indexes = [models.Index(fields=["ensemble", "status"], name="application_to_decide")]

    def __str__(self):
        return f"{self.pupil} for {self.ensemble} ({self.academic_year})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class AuditionSlot(models.Model):
    """A time staff set aside to hear one applicant; an application books one (and may change it)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ensemble = models.ForeignKey(
        "ensembles.Ensemble", on_delete=models.CASCADE, related_name="audition_slots"
    )
    date = models.DateField()
    starts_at = models.TimeField("starts")
    ends_at = models.TimeField("ends")
    place = models.CharField(max_length=200)
    # One applicant each, and one slot an application: the database holds both.
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="audition"
    )

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="audition_ends_after_start",
                violation_error_message="An audition must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.ensemble} audition, {self.date:%d/%m/%Y} {self.starts_at:%H:%M}"

    @property
    def when(self) -> str:
        """ "Saturday 10 October 2026, 10:00 to 10:15": it sits inside sentences."""
        day = f"{self.date:%A} {self.date.day} {self.date:%B %Y}"
        return f"{day}, {self.starts_at:%H:%M} to {self.ends_at:%H:%M}"
