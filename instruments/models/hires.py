"""Lending: a family's request to hire, a class set lent to a school, and each hire of one instrument.

A hire is one instrument lent once: to a family (a pupil, and the guardian who pays), or as one of a class
set lent to a school (a ClassSetLoan groups them, and says whether the school pays or has them free under its
SLA). Each instrument of a class set is a hire of its own, so that the one rule, an instrument is never on two
open hires, holds for class sets too, and an instrument can come back from a school before the others do.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from instruments.models.inventory import ASSET_MONEY, Condition


class HireRequest(models.Model):
    """A parent's request to hire an instrument of a type and size for a child: it queues until allocated."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an instrument"
        ALLOCATED = "allocated", "Instrument allocated"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DECLINED = "declined", "Declined by the hub"

    OPEN = (Status.WAITING,)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="hire_requests")
    # The guardian who asked pays for the hire (their family billing account).
    requested_by = models.ForeignKey("hub.Guardian", on_delete=models.PROTECT, related_name="hire_requests")
    instrument_type = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    size = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    requested_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    # Why the hub declined it, in words the family is sent and shown on their page.
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "instrument_type"],
                condition=Q(status="waiting"),
                name="one_open_hire_request_per_pupil_and_type",
                violation_error_message="This child is already waiting to hire an instrument of this type.",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", closed_at__isnull=True)
                | (~Q(status="waiting") & Q(closed_at__isnull=False)),
                name="hire_request_closed_when_not_waiting",
                violation_error_message="A request is closed (with its time) once it no longer waits.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="hire_request_declined_with_a_reason",
                violation_error_message="The family is told why the hub declined their request.",
            ),
        ]
        # A queue is the requests waiting for one type and size, first asked first.
        indexes = [
            models.Index(
                fields=["instrument_type", "size", "status", "requested_at"], name="hire_request_queue"
            )
        ]

    def __str__(self):
        return f"{self.pupil}: {self.size + ' ' if self.size else ''}{self.instrument_type}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ClassSetLoan(models.Model):
    """Many instruments lent at once to a school for whole-class teaching: each is a Hire of this loan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="class_set_loans")
    # Free under the school's SLA, or charged to the school's account (never to families).
    free_under_sla = models.BooleanField("free under the school's SLA", default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Class set for {self.school}"


class Hire(models.Model):
    """One instrument lent once: allocated, its agreement accepted, checked out, returned (or cancelled)."""

    class Status(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        AGREEMENT_ACCEPTED = "agreement_accepted", "Agreement accepted"
        OUT = "out", "On hire"
        RETURNED = "returned", "Returned"
        CANCELLED = "cancelled", "Cancelled"

    OPEN = (Status.ALLOCATED, Status.AGREEMENT_ACCEPTED, Status.OUT)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey("instruments.Instrument", on_delete=models.PROTECT, related_name="hires")
    # A family hire: the child who plays it and the guardian who pays and accepts the agreement.
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="instrument_hires"
    )
    payer = models.ForeignKey(
        "hub.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="instrument_hires"
    )
    # Or one instrument of a class set lent to a school.
    class_set = models.ForeignKey(
        ClassSetLoan, on_delete=models.PROTECT, null=True, blank=True, related_name="hires"
    )
    request = models.ForeignKey(
        HireRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="hires"
    )
    status = models.CharField(max_length=18, choices=Status.choices, default=Status.ALLOCATED)
    allocated_at = models.DateTimeField()
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    agreement_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The replacement value the agreement showed when it was accepted: the instrument's may change later.
    agreed_replacement_value = models.DecimalField(**ASSET_MONEY, null=True, blank=True)
    checked_out_on = models.DateField(null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    condition_out = models.CharField(max_length=10, choices=Condition.choices, blank=True)
    due_back_on = models.DateField("due back on", null=True, blank=True)
    # The last overdue reminder sent, so that a weekly sweep run twice sends one.
    reminded_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    condition_in = models.CharField(max_length=10, choices=Condition.choices, blank=True)
    damage_charge = models.DecimalField(**ASSET_MONEY, default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-allocated_at", "-pk"]
        constraints = [
            # The store's first rule: two people can never hold one instrument. Two staff allocating the
            # last violin at once both pass any check made before saving; this index refuses the second.
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(status__in=["allocated", "agreement_accepted", "out"]),
                name="one_open_hire_per_instrument",
                violation_error_message="This instrument is already allocated or on hire to someone else.",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["allocated", "agreement_accepted", "out"]),
                name="one_open_hire_per_request",
                violation_error_message="This request already has an instrument allocated.",
            ),
            models.CheckConstraint(
                condition=Q(pupil__isnull=False, payer__isnull=False, class_set__isnull=True)
                | Q(pupil__isnull=True, payer__isnull=True, class_set__isnull=False),
                name="hire_to_a_family_or_a_class_set",
                violation_error_message=(
                    "A hire is to a child, with the guardian who pays, or part of a class set lent to a "
                    "school: one or the other."
                ),
            ),
            models.CheckConstraint(
                condition=Q(request__isnull=True) | Q(class_set__isnull=True),
                name="class_set_hire_has_no_family_request",
                violation_error_message="A class set is lent to a school, not from a family's request.",
            ),
            models.CheckConstraint(
                condition=~Q(status="agreement_accepted") | Q(agreement_accepted_at__isnull=False),
                name="hire_agreement_accepted_has_its_time",
                violation_error_message="An accepted agreement records when it was accepted.",
            ),
            # A family takes an instrument home only once a guardian has accepted the agreement.
            models.CheckConstraint(
                condition=Q(class_set__isnull=False)
                | ~Q(status__in=["out", "returned"])
                | Q(agreement_accepted_at__isnull=False),
                name="family_hire_out_after_agreement",
                violation_error_message="A family's hire goes out only after the agreement is accepted.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["out", "returned"])
                | (Q(checked_out_on__isnull=False) & ~Q(condition_out="")),
                name="hire_out_has_date_and_condition",
                violation_error_message="A hire checked out records the date and the instrument's condition.",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | (Q(returned_on__isnull=False) & ~Q(condition_in="")),
                name="hire_returned_has_date_and_condition",
                violation_error_message="A returned hire records the date and the instrument's condition.",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("checked_out_on")),
                name="hire_returned_after_check_out",
                violation_error_message="An instrument cannot come back before it went out.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="hire_cancelled_has_its_time",
                violation_error_message="A cancelled hire records when it was cancelled.",
            ),
            models.CheckConstraint(
                condition=Q(damage_charge__gte=0),
                name="hire_damage_charge_not_negative",
                violation_error_message="A damage charge cannot be negative.",
            ),
        ]
        indexes = [
            # Overdue hires, and those due back this week: out, by the date they are due.
            models.Index(fields=["status", "due_back_on"], name="hire_by_due_date"),
        ]

    def __str__(self):
        return f"Hire of {self.instrument}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_class_set(self) -> bool:
        return self.class_set_id is not None
