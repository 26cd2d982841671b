"""The scanner desk: the one field a scanner types a tag into, and the forms of the next action."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from instruments.models import Condition
from instruments.models.inventory import ASSET_TAG_MAX_LENGTH
from instruments.services.hires import LARGEST_DAMAGE_CHARGE
from instruments.services.inventory import normalise_tag
from instruments.services.repairs import LARGEST_COST


class TagForm(ErrorSummaryMixin, forms.Form):
    # A scanner types the tag and presses Enter; a person may type it in any case, with spaces around it.
    tag = forms.CharField(
        label="Asset tag",
        max_length=ASSET_TAG_MAX_LENGTH + 20,
        strip=False,
        error_messages={"required": "Scan or type an asset tag."},
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control form-control-lg",
                "data-scan-field": "",
            }
        ),
    )

    def clean_tag(self) -> str:
        tag = normalise_tag(self.cleaned_data["tag"])
        if not tag:
            raise forms.ValidationError("Scan or type an asset tag.")
        return tag


def _condition(label: str = "Condition") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Condition.choices,
        error_messages={
            "required": "Choose its condition.",
            "invalid_choice": "Choose its condition from the list.",
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def _pounds(label: str, largest: Decimal, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=largest,
        decimal_places=2,
        error_messages={
            "min_value": "A sum of money cannot be negative.",
            "max_value": f"A sum here is at most £{largest:,}.",
            "max_decimal_places": "Give pounds and pence, e.g. 45.00.",
            "invalid": "Give a sum in pounds, e.g. 45.00.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
        **kwargs,
    )


def _text(label: str, *, required: bool, rows: int = 2, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
        **kwargs,
    )


def _repairer(required: bool) -> forms.CharField:
    return forms.CharField(
        label="Repairer",
        required=required,
        max_length=120,
        error_messages={"required": "Give the repairer it is going to."},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class CheckOutForm(ErrorSummaryMixin, forms.Form):
    prefix = "out"
    condition = _condition("Condition as it goes out")


class ReturnForm(ErrorSummaryMixin, forms.Form):
    prefix = "back"
    condition = _condition("Condition as it comes back")
    damage_charge = _pounds(
        "Damage charge (£)",
        LARGEST_DAMAGE_CHARGE,
        initial=Decimal("0.00"),
        help_text="0.00 if there is no damage.",
    )
    note = _text("What was found (the fault, if it goes for repair)", required=False)
    to_repair = forms.BooleanField(label="Send it to repair", required=False)
    repairer = _repairer(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_repair"):
            if not (cleaned.get("note") or "").strip():
                self.add_error("note", "Say what is wrong with it, for the repairer.")
            if not (cleaned.get("repairer") or "").strip():
                self.add_error("repairer", "Give the repairer it is going to.")
        return cleaned


class SendToRepairForm(ErrorSummaryMixin, forms.Form):
    prefix = "repair"
    fault = _text(
        "Fault", required=True, error_messages={"required": "Say what is wrong with it, for the repairer."}
    )
    repairer = _repairer(required=True)


class FinishRepairForm(ErrorSummaryMixin, forms.Form):
    prefix = "fixed"
    cost = _pounds(
        "Cost of the repair (£)",
        LARGEST_COST,
        required=False,
        help_text="Leave it empty if the bill has not come.",
    )
    returned_on = forms.DateField(
        label="Back on",
        error_messages={"required": "Give the day it came back.", "invalid": "Give a date, e.g. 07/12/2026."},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    condition = _condition("Condition now")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()

    def clean_returned_on(self):
        day = self.cleaned_data["returned_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The day it came back cannot be in the future.")
        return day
