"""Finance's forms: finding invoices, recording payments, issuing credit notes, choosing an export."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from hub.billing.models import Invoice, Payment
from hub.billing.selectors import Status
from hub.form_errors import ErrorSummaryMixin
from hub.forms import Select, WrittenSelect

SORT_CHOICES = [
    ("-date", "Newest first"),
    ("date", "Oldest first"),
    ("-number", "Number, highest first"),
    ("number", "Number, lowest first"),
    ("-total", "Total, largest first"),
    ("total", "Total, smallest first"),
    ("-outstanding", "Outstanding, largest first"),
    ("outstanding", "Outstanding, smallest first"),
]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Helped:
    def _help(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label="Number, name or account reference", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices], widget=WrittenSelect
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Invoices and credit notes"), *Invoice.Kind.choices],
        widget=WrittenSelect,
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES, widget=WrittenSelect)
    per_page = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=DEFAULT_PAGE_SIZE,
        initial=DEFAULT_PAGE_SIZE,
        choices=[(n, n) for n in PAGE_SIZES],
        widget=WrittenSelect,
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("per_page"):
            # A search that does not say shows the default page size, and the choice must say so too.
            data = data.copy()
            data["per_page"] = str(DEFAULT_PAGE_SIZE)
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css


class PaymentForm(ErrorSummaryMixin, _Helped, forms.Form):
    amount = forms.DecimalField(
        label="Amount received (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="No more than the amount outstanding: overpayments are not held as credit on account.",
    )
    received_on = forms.DateField(label="Date received", widget=_date_input())
    method = forms.ChoiceField(label="Method", choices=Payment.Method.choices, widget=Select)
    reference = forms.CharField(
        label="Reference", required=False, max_length=60, help_text="The bank or cheque reference, if any."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="payment", **kwargs)
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"
        self.initial.setdefault("received_on", timezone.localdate())
        self._help()

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received_on


class CreditNoteForm(ErrorSummaryMixin, _Helped, forms.Form):
    WHOLE, PART = "whole", "part"
    extent = forms.ChoiceField(
        label="Credit",
        choices=[(WHOLE, "The whole of what is left to credit"), (PART, "An amount")],
        widget=forms.RadioSelect,
        initial=WHOLE,
    )
    amount = forms.DecimalField(
        label="Amount to credit (£)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Only for a part credit. It is shared across the lines in proportion to their value.",
    )
    reason = forms.CharField(label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="credit", **kwargs)
        self._help()

    def clean(self):
        data = super().clean()
        if data.get("extent") == self.PART and not data.get("amount"):
            self.add_error("amount", "Give the amount to credit, or choose the whole.")
        if data.get("extent") == self.WHOLE:
            data["amount"] = None
        return data


class ExportForm(ErrorSummaryMixin, _Helped, forms.Form):
    INVOICES, PAYMENTS = "invoices", "payments"
    what = forms.ChoiceField(
        label="Export",
        choices=[
            (INVOICES, "Invoices and credit notes (by date of issue)"),
            (PAYMENTS, "Payments (by date received)"),
        ],
        widget=forms.RadioSelect,
        initial=INVOICES,
    )
    date_from = forms.DateField(label="From", widget=_date_input())
    date_to = forms.DateField(label="To", widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._help()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the range cannot be before its start.")
        return data
