"""A family's application for a remission for a child, approved or declined by staff, for one academic year.

The categories and the sums are the ledger's (hub/billing: RemissionCategory, remissions.price_fee); the
award sits here, beside the pupil and their equality record, because lessons, hire and ensembles all read it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class RemissionAward(models.Model):
    """A remission for a child for an academic year: applied for by a guardian, decided by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="remission_awards")
    category = models.ForeignKey("billing.RemissionCategory", on_delete=models.PROTECT, related_name="awards")
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField("evidence", help_text="What you can show, e.g. a letter from the school.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # When beat last reminded the family to apply again before the next academic year.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "category", "academic_year"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_live_award_per_child_category_year",
                violation_error_message="This child already has this remission, or an application for it, "
                "for that year.",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="decided_award_has_a_date",
                violation_error_message="A decision needs a date.",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "status"])]

    def __str__(self):
        return f"{self.category} for {self.pupil} ({self.academic_year})"
