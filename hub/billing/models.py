"""One ledger for schools and families: accounts, numbered invoices and credit notes, and payments.

Billing knows nothing about lessons, hires or SLAs: the apps hand it charges (lines with a source key)
and it turns them into invoices. Issued documents never change; corrections are credit notes.
"""

import uuid
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q

from hub.billing.numbering import display_number


class MoneyField(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: MoneyField = {"max_digits": 12, "decimal_places": 2}


class BillingAccount(models.Model):
    """Whoever pays: a school or a family. Names and addresses here are copied onto each invoice."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        FAMILY = "family", "Family"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True, help_text="One line per line of the address.")
    email = models.EmailField("e-mail for invoices", blank=True)
    reference = models.CharField(max_length=40, unique=True, help_text="How the council's ledger knows them.")
    # The part of the county the account is in, kept in step by the app that owns it, for finance's reports.
    area = models.ForeignKey("hub.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.reference})"


class InvoiceSeries(models.Model):
    """A numbered series (SLA-2026-27, CN-2026-27: see numbering.py); its counter row is locked while a
    number is taken."""

    code = models.CharField(max_length=20, unique=True)
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "invoice series"

    def __str__(self):
        return self.code


def invoice_pdf_path(invoice: "Invoice", filename: str) -> str:
    return f"invoices/{invoice.issue_date:%Y}/{filename}"


class Invoice(models.Model):
    """An issued invoice or credit note. Immutable once issued."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit", "Credit note"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=7, choices=Kind.choices, default=Kind.INVOICE)
    account = models.ForeignKey(BillingAccount, on_delete=models.PROTECT, related_name="invoices")
    series = models.ForeignKey(InvoiceSeries, on_delete=models.PROTECT, related_name="invoices")
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    issue_date = models.DateField()
    due_date = models.DateField()
    # Copied when issued, so that the document reads the same for ever.
    billed_name = models.CharField(max_length=200)
    billed_address = models.TextField(blank=True)
    billed_email = models.EmailField(blank=True)
    account_reference = models.CharField(max_length=40)
    hub_name = models.CharField(max_length=200)
    hub_address = models.TextField()
    hub_email = models.EmailField(blank=True)
    vat_number = models.CharField("VAT registration number", max_length=40, blank=True)
    payment_details = models.TextField(blank=True)
    footer = models.TextField(blank=True, help_text="Printed at the foot of every page.")
    title = models.CharField(max_length=200, blank=True, help_text="What the invoice is for, in a few words.")
    notes = models.TextField(blank=True)
    net = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        help_text="For a credit note: the invoice it credits.",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Rendered once by a worker after the invoice is issued (hub.billing.tasks.render_invoice_pdf).
    pdf = models.FileField(upload_to=invoice_pdf_path, blank=True, editable=False, max_length=200)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                name="invoice_number_unique_in_series",
                violation_error_message="This invoice number is already used in its series.",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="invoice_total_not_negative",
                violation_error_message="An invoice's total cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(kind="credit", credits__isnull=False) | Q(kind="invoice", credits__isnull=True),
                name="credit_note_points_at_an_invoice",
                violation_error_message=(
                    "A credit note must name the invoice it credits, and an invoice must not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issue_date")),
                name="due_after_issue",
                violation_error_message="The due date cannot be before the issue date.",
            ),
        ]
        indexes = [models.Index(fields=["account", "issue_date"]), models.Index(fields=["due_date"])]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self) -> str:
        return display_number(self.series.code, self.number)


class InvoiceLine(models.Model):
    """A line of an invoice or credit note; `source_key` names what it charges for."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    net = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    gross = models.DecimalField(**MONEY)
    # e.g. "sla:subscription:17:instalment:2". A charge is live until a credit note takes it back, and a live
    # charge exists once: a repeated or retried run can never charge twice.
    source_key = models.CharField(max_length=200, blank=True)
    is_live = models.BooleanField(default=True)
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_lines"
    )

    class Meta:
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"],
                condition=Q(is_live=True) & ~Q(source_key=""),
                name="live_charge_once",
                violation_error_message="This charge has already been made.",
            ),
            models.UniqueConstraint(
                fields=["invoice", "position"],
                name="line_position_unique",
                violation_error_message="Two lines cannot share a position on one invoice.",
            ),
        ]

    def __str__(self):
        return self.description


class Payment(models.Model):
    """Money received against an invoice."""

    class Method(models.TextChoices):
        BACS = "bacs", "Bank transfer (BACS)"
        CARD = "card", "Card"
        CHEQUE = "cheque", "Cheque"
        CASH = "cash", "Cash"
        DIRECT_DEBIT = "dd", "Direct Debit"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(BillingAccount, on_delete=models.PROTECT, related_name="payments")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    received_on = models.DateField()
    method = models.CharField(max_length=6, choices=Method.choices)
    reference = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The payment provider's id for a payment made online (GOV.UK Pay's payment_id): recorded once only.
    provider_id = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message="A payment must be more than £0.00.",
            ),
            models.UniqueConstraint(
                fields=["provider_id"],
                condition=~Q(provider_id=""),
                name="online_payment_recorded_once",
                violation_error_message="This online payment has already been recorded.",
            ),
        ]

    def __str__(self):
        return f"£{self.amount} on {self.received_on:%d/%m/%Y}"


class OnlinePayment(models.Model):
    """A card payment started with the payment provider (GOV.UK Pay): its state is read from the provider's
    API, never from the return address, and a payment is recorded in the ledger once it succeeds."""

    class State(models.TextChoices):
        NEW = "new", "Not yet sent to the provider"
        CREATED = "created", "Created"
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted"
        CAPTURABLE = "capturable", "Capturable"
        SUCCESS = "success", "Paid"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        ERROR = "error", "Error"

    FINISHED = (State.SUCCESS, State.FAILED, State.CANCELLED, State.ERROR)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="online_payments")
    amount = models.DecimalField(**MONEY)
    provider_id = models.CharField(max_length=60, null=True, blank=True, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    next_url = models.URLField(max_length=500, blank=True)
    failure = models.CharField("what the provider said", max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="online_payment"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="online_payment_amount_positive",
                violation_error_message="A payment must be more than £0.00.",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"£{self.amount} for {self.invoice}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED


class Activity(models.TextChoices):
    """What a family pays the hub for; a remission says which of these it covers."""

    LESSONS = "lessons", "Lessons"
    HIRE = "hire", "Instrument hire"
    ENSEMBLES = "ensembles", "Ensembles"


class RemissionCategory(models.Model):
    """A reason the hub reduces a family's fees, and by how much: a percentage or a fixed sum a term,
    optionally capped, covering the activities it names. Awards for a child and a year are in schools."""

    class Reason(models.TextChoices):
        FSM_PUPIL_PREMIUM = "fsm", "Free school meals or pupil premium"
        LOOKED_AFTER = "looked_after", "Looked after"
        LOW_INCOME = "low_income", "Low household income"
        DISCRETIONARY = "discretionary", "Discretionary"

    name = models.CharField(max_length=80, unique=True)
    reason = models.CharField(max_length=13, choices=Reason.choices)
    percent = models.DecimalField("percentage off", max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField("sum off a term", **MONEY, null=True, blank=True)
    cap_per_term = models.DecimalField("most off a term", **MONEY, null=True, blank=True)
    covers_lessons = models.BooleanField(default=True)
    covers_hire = models.BooleanField(default=True)
    covers_ensembles = models.BooleanField(default=True)
    evidence_needed = models.CharField(max_length=200, blank=True, help_text="What a family shows to apply.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "remission categories"
        constraints = [
            models.CheckConstraint(
                condition=(Q(percent__isnull=False) & Q(amount__isnull=True))
                | (Q(percent__isnull=True) & Q(amount__isnull=False)),
                name="remission_is_a_percentage_or_a_sum",
                violation_error_message="Give either a percentage or a sum off, not both.",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gt=0, percent__lte=100),
                name="remission_percentage_range",
                violation_error_message="A percentage off is more than 0 and at most 100.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="remission_sum_positive",
                violation_error_message="A sum off must be more than £0.00.",
            ),
            models.CheckConstraint(
                condition=Q(cap_per_term__isnull=True) | Q(cap_per_term__gt=0),
                name="remission_cap_positive",
                violation_error_message="A cap must be more than £0.00.",
            ),
        ]

    def __str__(self):
        return self.name

    def covers(self, activity: str) -> bool:
        return {
            Activity.LESSONS: self.covers_lessons,
            Activity.HIRE: self.covers_hire,
            Activity.ENSEMBLES: self.covers_ensembles,
        }[Activity(activity)]
