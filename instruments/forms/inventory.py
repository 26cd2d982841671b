"""The inventory's filters, and the form that adds or changes an instrument."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField, WrittenDateInput, WrittenSelect, WrittenTextInput
from hub.models import InstrumentFamily, InstrumentType
from instruments.models import Instrument
from instruments.models.inventory import ASSET_TAG_MAX_LENGTH
from instruments.selectors.inventory import ANYWHERE, SCHOOLS, STORE
from instruments.services.inventory import INSTRUMENT_FIELDS, normalise_tag
from schools.forms.school_field import SchoolField
from schools.models import School

LARGEST_SUM = Decimal("999999.99")
LOCATIONS = [(ANYWHERE, "Anywhere"), (STORE, "The store"), (SCHOOLS, "At a school")]


class InventoryFilterForm(ErrorSummaryMixin, forms.Form):
    """The template writes the selects' options itself (`options`); a school is found by part of its name or
    its URN (a county has hundreds: typing beats scrolling a list of them)."""

    tag = forms.CharField(
        label="Asset tag",
        required=False,
        max_length=ASSET_TAG_MAX_LENGTH,
        strip=True,
        help_text="Its start is enough",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control", "spellcheck": "false"}),
    )
    instrument_type = ListedChoiceField(key="slug", label="Type")
    size = ListedChoiceField(key="key", label="Size")
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *Instrument.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    location = forms.ChoiceField(
        required=False, choices=LOCATIONS, widget=forms.Select(attrs={"class": "form-select"})
    )
    school = forms.CharField(
        required=False,
        max_length=100,
        strip=True,
        help_text="Part of its name, or its URN",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )

    def __init__(self, *args, types: list, sizes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_type"].set_objects(types)
        self.fields["size"].set_objects(sizes)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("location") == STORE and cleaned.get("school"):
            self.add_error(
                "school", "The store is not a school: choose “Anywhere” or “At a school” to find a school."
            )
        return cleaned


class TypeChoiceField(forms.ModelChoiceField):
    """A type with the sizes it comes in, so that the size is typed as the catalogue names it."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({', '.join(obj.sizes)})" if obj.sizes else obj.name


def _pounds(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=LARGEST_SUM,
        decimal_places=2,
        error_messages={
            "min_value": "A sum of money cannot be negative.",
            "max_value": f"A sum here is at most £{LARGEST_SUM:,}.",
            "max_decimal_places": "Give pounds and pence, e.g. 450.00.",
            "invalid": "Give a sum in pounds, e.g. 450.00.",
        },
        widget=WrittenTextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class InstrumentForm(ErrorSummaryMixin, forms.ModelForm):
    instrument_type = TypeChoiceField(
        queryset=InstrumentType.objects.none(),
        label="Type",
        empty_label="Choose a type",
        widget=WrittenSelect,
    )
    school = SchoolField(
        queryset=School.objects.none(),
        required=False,
        label="School",
        help_text="Where it is kept, if at a school: type part of its name, then choose it. "
        "Leave empty for the store.",
    )
    purchase_cost = _pounds("Purchase cost (£)", required=False)
    replacement_value = _pounds(
        "Replacement value (£)", help_text="What it costs to replace: the hire agreement shows it."
    )

    class Meta:
        model = Instrument
        fields = INSTRUMENT_FIELDS
        labels = {"asset_tag": "Asset tag", "serial_number": "Serial number", "purchased_on": "Purchase date"}
        help_texts = {
            "asset_tag": "As on its label: letters and digits, with “-”, “/” or “.” between them.",
            "size": "As its type names it (listed with each type); blank for a type with one size.",
        }
        widgets = {
            "purchased_on": WrittenDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "asset_tag": WrittenTextInput,
            "size": WrittenTextInput,
            "make": WrittenTextInput,
            "model": WrittenTextInput,
            "serial_number": WrittenTextInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "condition": WrittenSelect,
            "status": WrittenSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_type"].queryset = InstrumentType.objects.exclude(
            family=InstrumentFamily.VOICE
        ).order_by("name")
        # Open schools, and the one it is at now even if that has closed: otherwise the field would show
        # empty, and saving would move the instrument to the store without anyone choosing it.
        self.fields["school"].queryset = School.objects.filter(
            ~Q(status=School.Status.CLOSED) | Q(pk=self.instance.school_id)
        )
        self.fields["asset_tag"].widget.attrs.update(autocapitalize="characters", spellcheck="false")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "The instrument", "asset_tag", "instrument_type", "size", "make", "model", "serial_number"
            ),
            Fieldset(
                "Condition and value", "condition", "purchased_on", "purchase_cost", "replacement_value"
            ),
            Fieldset("Status and location", "status", "school", "notes"),
        )

    def clean_asset_tag(self) -> str:
        return normalise_tag(self.cleaned_data["asset_tag"])

    def _post_clean(self):
        # The service checks the tag, the size against the type, and the status (each reason at its field);
        # the database has the last word. The model's own checks would report them again, about the form.
        pass
