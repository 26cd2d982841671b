"""Lending a class set: the school, the instruments (ticked from those in stock, or typed as tags), the day
they are due back, and whether the school pays."""

import re

from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField
from instruments.models import Condition
from instruments.selectors.class_sets import by_tags
from instruments.services.inventory import normalise_tag
from schools.forms.school_field import SchoolField
from schools.models import School

FREE, CHARGED = "free", "charged"
CHARGING = [(FREE, "Free under the school's SLA"), (CHARGED, "Charged to the school's account")]


class StockFilterForm(forms.Form):
    """Which instruments in stock to list as boxes to tick: a type, and a size. The template writes the
    options itself."""

    instrument_type = ListedChoiceField(key="slug", label="Instrument")
    size = ListedChoiceField(key="key", label="Size")

    def __init__(self, *args, types: list, sizes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_type"].set_objects(types)
        self.fields["size"].set_objects(sizes)


def split_tags(typed: str) -> list[str]:
    """Tags typed or scanned into a box, one a line or between commas or spaces, each once, in order."""
    return list(dict.fromkeys(normalise_tag(part) for part in re.split(r"[\s,;]+", typed) if part.strip()))


class ClassSetForm(ErrorSummaryMixin, forms.Form):
    school = SchoolField(
        queryset=School.objects.none(),
        label="School",
        help_text="Type part of its name or its URN, then choose it.",
        error_messages={"required": "Choose the school the class set is for."},
    )
    instruments = forms.MultipleChoiceField(
        label="Instruments in stock",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is no longer in stock: untick it."},
    )
    tags = forms.CharField(
        label="Or their asset tags",
        required=False,
        max_length=4000,
        help_text="Scan or type them, one a line (or between commas).",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocapitalize": "characters"}),
    )
    due_back_on = forms.DateField(
        label="Due back on",
        error_messages={
            "required": "Give the day they are due back.",
            "invalid": "Give a date, e.g. 21/07/2027.",
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    charging = forms.ChoiceField(
        label="Who pays",
        choices=CHARGING,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the school pays for the class set."},
    )
    out_now = forms.BooleanField(
        label="They leave the store today: check them out now", required=False, initial=True
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, listed: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = bool(listed)
        self.fields["school"].queryset = School.objects.exclude(status=School.Status.CLOSED)
        self.fields["instruments"].choices = [
            (item.asset_tag, f"{item.asset_tag}: {item.description} ({item.get_condition_display().lower()})")
            for item in listed
        ]

    def field_for(self, name: str | None) -> str | None:
        """The field a message about `name` is shown at: the boxes to tick, when the page lists some; else the
        box of typed tags."""
        if name == "instruments" and not self.listed:
            return "tags"
        return name if name in self.fields else None

    def clean_due_back_on(self):
        day = self.cleaned_data["due_back_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError("The day they are due back must be after today.")
        return day

    def clean(self):
        cleaned = super().clean()
        tags = list(dict.fromkeys([*cleaned.get("instruments", []), *split_tags(cleaned.get("tags", ""))]))
        if "instruments" in self.errors or "tags" in self.errors:
            return cleaned
        if not tags:
            self.add_error(
                self.field_for("instruments"), "Tick the instruments to lend, or type their asset tags."
            )
            return cleaned
        found = by_tags(tags)
        unknown = [tag for tag in tags if tag not in found]
        if unknown:
            listed = ", ".join(unknown)
            self.add_error(
                "tags", f"No instrument has the asset tag{'s' if len(unknown) > 1 else ''} {listed}."
            )
            return cleaned
        cleaned["chosen"] = [found[tag] for tag in tags]
        return cleaned


class ReturnClassSetForm(ErrorSummaryMixin, forms.Form):
    """Every instrument of a class set still out, back on one day in one condition."""

    prefix = "back"
    returned_on = forms.DateField(
        label="Back on",
        error_messages={
            "required": "Give the day they came back.",
            "invalid": "Give a date, e.g. 07/12/2026.",
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # No grade chosen for them: thirty instruments graded by a default nobody looked at would mislead.
    condition = forms.ChoiceField(
        label="Condition they came back in",
        choices=[("", "Choose their condition"), *Condition.choices],
        error_messages={
            "required": "Choose the condition they came back in.",
            "invalid_choice": "Choose their condition from the list.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()

    def clean_returned_on(self):
        day = self.cleaned_data["returned_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The day they came back cannot be in the future.")
        return day
