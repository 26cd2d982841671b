"""The store's stock: each instrument, its condition grade and where it is, and the termly hire fees."""

import uuid

from django.db import models
from django.db.models import Q

from hub.billing.models import MONEY

# An instrument's costs and charges: up to £999,999.99 (a concert harp is a few tens of thousands).
ASSET_MONEY = {"max_digits": 8, "decimal_places": 2}
# What a scanner can type and a Code 128 label can hold without doubt: capitals, digits, "-", "/" and ".".
ASSET_TAG_PATTERN = r"^[A-Z0-9][A-Z0-9./-]*$"
ASSET_TAG_MAX_LENGTH = 20


class Condition(models.TextChoices):
    """The grade the store gives an instrument when it checks it, best first."""

    NEW = "new", "New"
    EXCELLENT = "excellent", "Excellent"
    GOOD = "good", "Good"
    FAIR = "fair", "Fair"
    POOR = "poor", "Poor"
    UNUSABLE = "unusable", "Unusable"


class Instrument(models.Model):
    """One asset of the store, known by the tag on its label; at the store (no school) or at a school."""

    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        ON_HIRE = "on_hire", "On hire"
        IN_REPAIR = "in_repair", "In repair"
        RETIRED = "retired", "Retired"
        LOST = "lost", "Lost"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored in capitals, so that a tag typed or scanned in any case finds it. unique=True (rather than a
    # UniqueConstraint) also gives PostgreSQL's pattern index, which a search by the tag's start reads.
    asset_tag = models.CharField(
        max_length=ASSET_TAG_MAX_LENGTH,
        unique=True,
        error_messages={"unique": "Another instrument already has this asset tag."},
    )
    instrument_type = models.ForeignKey(
        "hub.InstrumentType",
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name="type",
        db_index=False,  # instrument_by_type_size leads with it
    )
    # One of the type's sizes ("1/2", "3/4"), or blank for a type that has none: services check it, as
    # an array on another table is beyond a check constraint.
    size = models.CharField(max_length=20, blank=True)
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    serial_number = models.CharField(max_length=60, blank=True)
    condition = models.CharField(max_length=10, choices=Condition.choices, default=Condition.GOOD)
    purchased_on = models.DateField("purchase date", null=True, blank=True)
    purchase_cost = models.DecimalField(**ASSET_MONEY, null=True, blank=True)
    # What a family or school is charged if it is lost: the hire agreement shows it.
    replacement_value = models.DecimalField(**ASSET_MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    # Where it is kept between hires: the store (None) or a school (a class set, a school's own stock).
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name="location",
        db_index=False,  # instrument_by_location leads with it
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["asset_tag"]
        constraints = [
            models.CheckConstraint(
                condition=Q(asset_tag__regex=ASSET_TAG_PATTERN),
                name="asset_tag_in_capitals",
                violation_error_message=(
                    "An asset tag is capital letters and digits, with “-”, “/” or “.” between them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(purchase_cost__gte=0) | Q(purchase_cost__isnull=True),
                name="instrument_purchase_cost_not_negative",
                violation_error_message="A purchase cost cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(replacement_value__gte=0),
                name="instrument_replacement_value_not_negative",
                violation_error_message="A replacement value cannot be negative.",
            ),
        ]
        indexes = [
            # The inventory's filters, each read in tag order: a type (and size), a status, a location.
            models.Index(fields=["instrument_type", "size", "asset_tag"], name="instrument_by_type_size"),
            models.Index(fields=["status", "asset_tag"], name="instrument_by_status"),
            models.Index(fields=["school", "asset_tag"], name="instrument_by_location"),
        ]

    def __str__(self):
        return self.asset_tag

    @property
    def description(self) -> str:
        """ "3/4 Violin, Stentor Student II": what a person calls it, without its tag."""
        kind = f"{self.size} {self.instrument_type.name}" if self.size else self.instrument_type.name
        made = " ".join(part for part in (self.make, self.model) if part)
        return f"{kind}, {made}" if made else kind


class HireFee(models.Model):
    """What hiring an instrument of a type costs a family a term, in an academic year."""

    instrument_type = models.ForeignKey("hub.InstrumentType", on_delete=models.PROTECT, related_name="+")
    academic_year = models.ForeignKey("hub.AcademicYear", on_delete=models.PROTECT, related_name="+")
    termly_fee = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["academic_year", "instrument_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_type", "academic_year"],
                name="one_hire_fee_per_type_and_year",
                violation_error_message="This instrument type already has a hire fee for that year.",
            ),
            models.CheckConstraint(
                condition=Q(termly_fee__gte=0),
                name="hire_fee_not_negative",
                violation_error_message="A hire fee cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.instrument_type}, {self.academic_year}: £{self.termly_fee} a term"
