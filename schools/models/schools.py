"""Schools from the national register, their contacts, and which hub area a district belongs to."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class School(models.Model):
    """An establishment from the register of schools (GIAS), keyed by its URN."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PROPOSED_TO_CLOSE = "closing", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed", "Proposed to open"
        # The register gave a status the portal does not know (see the import's report).
        UNKNOWN = "unknown", "Not known"

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    la_code = models.CharField("local authority code", max_length=5, blank=True)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    establishment_type = models.CharField("type", max_length=100, blank=True)
    phase = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    street = models.CharField(max_length=120, blank=True)
    locality = models.CharField(max_length=120, blank=True)
    address3 = models.CharField("address line 3", max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    county = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    website = models.CharField(max_length=200, blank=True)
    head_name = models.CharField("headteacher", max_length=120, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    number_on_roll = models.PositiveIntegerField(null=True, blank=True)
    boys = models.PositiveIntegerField(null=True, blank=True)
    girls = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(
        "percentage FSM", max_digits=5, decimal_places=2, null=True, blank=True
    )
    district_code = models.CharField(max_length=12, blank=True)
    district_name = models.CharField(max_length=100, blank=True)
    area = models.ForeignKey(
        "hub.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="schools"
    )
    billing_account = models.OneToOneField(
        "billing.BillingAccount", on_delete=models.PROTECT, null=True, blank=True, related_name="school"
    )
    register_changed_on = models.DateField("last changed in the register", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["phase"]), models.Index(fields=["postcode"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage_fsm__isnull=True) | Q(percentage_fsm__gte=0, percentage_fsm__lte=100),
                name="school_fsm_is_a_percentage",
                violation_error_message="The free school meals figure must be a percentage from 0 to 100.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def address_lines(self) -> list[str]:
        parts = (self.street, self.locality, self.address3, self.town, self.county, self.postcode)
        return [part for part in parts if part]


class DistrictArea(models.Model):
    """Which hub area a local authority district of the register belongs to; staff keep this table."""

    district_code = models.CharField(max_length=12, unique=True)
    district_name = models.CharField(max_length=100)
    area = models.ForeignKey("hub.Area", on_delete=models.CASCADE, related_name="districts")

    class Meta:
        ordering = ["district_name"]

    def __str__(self):
        return f"{self.district_name} ({self.district_code}) -> {self.area}"


class SchoolContact(models.Model):
    """A person who acts for a school in the portal."""

    class Role(models.TextChoices):
        HEADTEACHER = "headteacher", "Headteacher"
        BUSINESS_MANAGER = "business_manager", "Business manager"
        MUSIC_LEAD = "music_lead", "Music lead"
        OTHER = "other", "Other staff"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_contacts"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=20, choices=Role.choices)
    can_order = models.BooleanField(
        "may order and see invoices",
        default=False,
        help_text="Can place SLA orders and see invoices and payments.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"],
                name="one_contact_row_per_school",
                violation_error_message="This person is already a contact at this school.",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.school.name})"
