"""Who plays in an ensemble: a pupil's place in a section for an academic year, the family that pays its
fee, and when and why the pupil left."""

import uuid

from django.db import models
from django.db.models import F, Q


class Membership(models.Model):
    """A pupil's place in one section of an ensemble for one academic year; next year's roll-over makes a
    new one. Leaving sets `left_on` and needs a reason."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ensemble = models.ForeignKey("ensembles.Ensemble", on_delete=models.PROTECT, related_name="memberships")
    section = models.ForeignKey(
        "ensembles.EnsembleSection", on_delete=models.PROTECT, related_name="memberships"
    )
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="ensemble_memberships")
    instrument = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    # Whose family billing account the termly fee goes to.
    payer = models.ForeignKey("hub.Guardian", on_delete=models.PROTECT, related_name="ensemble_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    leave_reason = models.TextField("reason for leaving", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ensemble", "section", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "ensemble", "academic_year"],
                name="one_membership_per_pupil_ensemble_year",
                violation_error_message="This pupil is already a member of this ensemble for that year.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joining",
                violation_error_message="A member cannot leave before joining.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | ~Q(leave_reason=""),
                name="membership_leaving_has_reason",
                violation_error_message="Give the reason for leaving.",
            ),
        ]
        indexes = [models.Index(fields=["ensemble", "academic_year"], name="membership_roll")]

    def __str__(self):
        return f"{self.pupil} in {self.ensemble} ({self.academic_year})"

    def covers(self, date) -> bool:
        """Whether the pupil is a member on the date: in its academic year, from joining, before leaving;
        the rule `ensembles.selectors.schedule.member_dates` asks of the database, for memberships read
        already (with their academic year)."""
        year = self.academic_year
        return (
            year.starts_on <= date <= year.ends_on
            and self.joined_on <= date
            and (self.left_on is None or self.left_on > date)
        )
