"""An ensemble's dates: its weekly rehearsals, generated from the calendar term by term, and the one-off
events and concerts staff add, each with its venue and times; any of them can be called off."""

import uuid

from django.db import models
from django.db.models import F, Q


class Rehearsal(models.Model):
    """One date in an ensemble's schedule: a weekly rehearsal, or an event or concert with a title."""

    class Kind(models.TextChoices):
        REHEARSAL = "rehearsal", "Rehearsal"
        EVENT = "event", "Event"
        CONCERT = "concert", "Concert"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ensemble = models.ForeignKey("ensembles.Ensemble", on_delete=models.PROTECT, related_name="rehearsals")
    kind = models.CharField(max_length=9, choices=Kind.choices, default=Kind.REHEARSAL)
    title = models.CharField(max_length=120, blank=True, help_text="An event's or concert's name.")
    date = models.DateField()
    starts_at = models.TimeField("starts")
    ends_at = models.TimeField("ends")
    venue = models.CharField(max_length=200)
    # Called off (snow, the venue closed): kept, so that calendars that hold it show it cancelled.
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            # Generating a term's rehearsals twice adds nothing: one weekly rehearsal per start.
            models.UniqueConstraint(
                fields=["ensemble", "date", "starts_at"],
                condition=Q(kind="rehearsal"),
                name="one_rehearsal_per_ensemble_date_and_start",
                violation_error_message="This ensemble already has a rehearsal starting then.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="rehearsal_ends_after_start",
                violation_error_message="It must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind="rehearsal") | ~Q(title=""),
                name="event_has_a_title",
                violation_error_message="Give the event or concert its title.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["rehearsal", "event", "concert"]),
                name="rehearsal_kind_known",
                violation_error_message="Choose rehearsal, event or concert.",
            ),
        ]
        indexes = [models.Index(fields=["date", "ensemble"], name="rehearsal_by_date")]

    def __str__(self):
        return f"{self.ensemble}: {self.name} on {self.date:%d/%m/%Y}"

    @property
    def name(self) -> str:
        """What a calendar calls it: "Rehearsal", or the event's title."""
        return self.title or self.get_kind_display()
