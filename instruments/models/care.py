"""Looking after the stock: condition checks (at check-out, at return, or any time) and the repair log."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from instruments.models.inventory import ASSET_MONEY, Condition


class ConditionCheck(models.Model):
    """The grade an instrument was given when someone looked at it, and what they saw."""

    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.CASCADE, related_name="condition_checks"
    )
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grade = models.CharField(max_length=10, choices=Condition.choices)
    note = models.TextField(blank=True)
    # The hire it was checked out on or returned from, if any.
    hire = models.ForeignKey(
        "instruments.Hire", on_delete=models.SET_NULL, null=True, blank=True, related_name="condition_checks"
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["instrument", "checked_at"], name="condition_check_by_instrument")]

    def __str__(self):
        return f"{self.instrument}: {self.get_grade_display()}"


class Repair(models.Model):
    """An instrument sent to a repairer: the fault, the cost, and when it went and came back."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey("instruments.Instrument", on_delete=models.PROTECT, related_name="repairs")
    fault = models.TextField()
    repairer = models.CharField(max_length=120)
    # Known when the bill comes; blank until then.
    cost = models.DecimalField(**ASSET_MONEY, null=True, blank=True)
    sent_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    # The hire whose return found the damage, if one did.
    hire = models.ForeignKey(
        "instruments.Hire", on_delete=models.SET_NULL, null=True, blank=True, related_name="repairs"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(returned_on__isnull=True),
                name="one_open_repair_per_instrument",
                violation_error_message="This instrument is already away for repair.",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("sent_on")),
                name="repair_returned_after_sent",
                violation_error_message="A repair cannot come back before it was sent.",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="repair_cost_not_negative",
                violation_error_message="A repair's cost cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"Repair of {self.instrument} ({self.sent_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None
