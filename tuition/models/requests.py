"""The waiting list: a family's request for lessons, and the offers of a place that staff make from it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Level(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    GRADES_1_2 = "grades_1_2", "Grade 1 to 2"
    GRADES_3_5 = "grades_3_5", "Grade 3 to 5"
    GRADES_6_8 = "grades_6_8", "Grade 6 to 8"
    ADVANCED = "advanced", "Beyond grade 8"


class LessonRequest(models.Model):
    """A parent's request for lessons for a child: waits on the list until a place is offered and taken."""

    class Status(models.TextChoices):
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Place offered"
        PLACED = "placed", "Having lessons"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DECLINED = "declined", "Place declined"

    OPEN = (Status.WAITING, Status.OFFERED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="lesson_requests")
    instrument = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    lesson_type = models.ForeignKey("tuition.LessonType", on_delete=models.PROTECT, related_name="requests")
    # Where the lessons are wanted: the child's school (or None for a music centre).
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="lesson_requests"
    )
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.BEGINNER)
    preferred_start = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # The guardian who asked pays for the lessons (their family billing account).
    requested_by = models.ForeignKey("hub.Guardian", on_delete=models.PROTECT, related_name="lesson_requests")
    terms_accepted_at = models.DateTimeField()
    requested_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "instrument"],
                condition=Q(status__in=["waiting", "offered"]),
                name="one_open_request_per_pupil_and_instrument",
                violation_error_message="This child is already waiting for lessons on this instrument.",
            ),
        ]
        indexes = [models.Index(fields=["school", "instrument", "status"])]

    def __str__(self):
        return f"{self.pupil}: {self.instrument}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Offer(models.Model):
    """A place in a slot offered to a waiting request; it holds the place until taken, declined or expired."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn by the hub"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(LessonRequest, on_delete=models.CASCADE, related_name="offers")
    slot = models.ForeignKey("tuition.TeachingSlot", on_delete=models.PROTECT, related_name="offers")
    starts_on = models.DateField("lessons start on")
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.OPEN)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="open"),
                name="one_open_offer_per_request",
                violation_error_message="This request already has an offer waiting for an answer.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("made_at")),
                name="offer_expires_after_it_is_made",
                violation_error_message="An offer must expire after it is made.",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"Offer to {self.request.pupil} in {self.slot}"
