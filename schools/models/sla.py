"""The Service Level Agreement: a yearly catalogue, schools' orders (subscriptions) and delivery."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 12, "decimal_places": 2}
QUANTITY = {"max_digits": 10, "decimal_places": 2}


class Catalogue(models.Model):
    """The services and packages the hub sells schools in one financial year."""

    financial_year = models.OneToOneField(
        "hub.FinancialYear", on_delete=models.PROTECT, related_name="catalogue"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    order_deadline = models.DateField(null=True, blank=True)
    terms = models.TextField(
        "terms and conditions",
        blank=True,
        help_text="The agreement a school accepts when it submits an order.",
    )

    class Meta:
        ordering = ["financial_year__starts_on"]

    def __str__(self):
        return f"SLA catalogue {self.financial_year}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Service(models.Model):
    class Unit(models.TextChoices):
        HOUR = "hour", "Hour"
        SESSION = "session", "Session"
        PUPIL = "pupil", "Pupil"
        CLASS = "class", "Class"
        FLAT = "flat", "Flat fee"

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="services")
    code = models.SlugField(max_length=30)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField("VAT rate (%)", max_digits=5, decimal_places=2, default=Decimal("0.00"))
    is_class_teaching = models.BooleanField(
        default=False, help_text="Delivery records the class and the number of pupils reached."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "code"],
                name="service_code_unique_in_catalogue",
                violation_error_message="Another service in this catalogue already has this code.",
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="service_price_not_negative",
                violation_error_message="A service's price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0, vat_rate__lte=100),
                name="service_vat_is_a_rate",
                violation_error_message="The VAT rate must be a percentage from 0 to 100.",
            ),
        ]

    def __str__(self):
        return self.name


class Package(models.Model):
    """A bundle of services with included quantities, sold at one price."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="packages")
    code = models.SlugField(max_length=30)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField("VAT rate (%)", max_digits=5, decimal_places=2, default=Decimal("0.00"))
    services = models.ManyToManyField(Service, through="PackageItem", related_name="packages")

    class Meta:
        ordering = ["price"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "code"],
                name="package_code_unique_in_catalogue",
                violation_error_message="Another package in this catalogue already has this code.",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="package_price_not_negative",
                violation_error_message="A package's price cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name


class PackageItem(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(**QUANTITY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["package", "service"],
                name="service_once_per_package",
                violation_error_message="This service is already in the package.",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="package_item_quantity_positive",
                violation_error_message="A package must include at least 1 of each service in it.",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.service}"


def agreement_pdf_path(subscription: "Subscription", filename: str) -> str:
    return f"agreements/{subscription.catalogue.financial_year.name}/{filename}"


class Subscription(models.Model):
    """A school's order for one financial year: draft, submitted, approved (or returned), then amended."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned to the school"
        APPROVED = "approved", "Approved"

    class Instalments(models.IntegerChoices):
        ANNUAL = 1, "One annual payment"
        TERMLY = 3, "Three termly instalments"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="subscriptions")
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="subscriptions")
    package = models.ForeignKey(Package, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    package_price = models.DecimalField(**MONEY, default=Decimal("0.00"))
    package_vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    instalments = models.PositiveSmallIntegerField(choices=Instalments.choices, default=Instalments.TERMLY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_by_name = models.CharField("terms accepted by", max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    # The agreement as submitted, then as approved, drawn once by schools.tasks.render_agreement_pdf.
    agreement_pdf = models.FileField(upload_to=agreement_pdf_path, blank=True, editable=False, max_length=200)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "catalogue"],
                name="one_subscription_per_school_per_year",
                violation_error_message="This school already has an order for this year.",
            ),
            # A submitted or approved order carries who accepted the terms and when.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"])
                | Q(accepted_at__isnull=False) & ~Q(accepted_by_name=""),
                name="submitted_order_has_accepted_terms",
                violation_error_message=(
                    "An order can be submitted only once the terms are accepted, with the name of who "
                    "accepted them."
                ),
            ),
        ]
        indexes = [models.Index(fields=["catalogue", "status"])]

    def __str__(self):
        return f"{self.school.name}: SLA {self.catalogue.financial_year}"

    @property
    def is_editable_by_school(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class SubscriptionLine(models.Model):
    """An extra service on an order, beyond the package; lines added after approval belong to an amendment."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    # 0 for the order as approved; 1, 2, ... for each amendment after approval (its own invoice or credit).
    amendment = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amendment", "id"]
        constraints = [
            # Amendments may reduce a quantity (a negative line) but an original order line is positive.
            models.CheckConstraint(
                condition=Q(amendment__gt=0) | Q(quantity__gt=0),
                name="order_line_quantity_positive",
                violation_error_message="Each line of an order needs a quantity of at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="order_line_price_not_negative",
                violation_error_message="An order line's price cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.service}"


class Delivery(models.Model):
    """What the hub delivered against a school's order."""

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="deliveries")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField()
    quantity = models.DecimalField(**QUANTITY)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    class_name = models.CharField("class", max_length=60, blank=True)
    pupils_reached = models.PositiveIntegerField(null=True, blank=True)
    notes = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="delivery_quantity_positive",
                violation_error_message="A delivery must record more than 0.",
            )
        ]
        indexes = [models.Index(fields=["subscription", "service"])]

    def __str__(self):
        return f"{self.quantity} {self.service} on {self.delivered_on:%d/%m/%Y}"
