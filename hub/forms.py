from collections.abc import Sequence
from decimal import Decimal
from html import escape

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from hub.form_errors import ErrorSummaryMixin
from hub.models import Guardian, InstrumentType, StaffProfile, StaffRole
from hub.text import NameField


class ListedChoiceField(forms.Field):
    """A choice among rows already read (the page lists them too), by a key of theirs: no query, and no
    choices for the form to normalise (a county has hundreds of schools)."""

    default_error_messages = {"invalid_choice": "Choose one from the list."}

    def __init__(self, *, key: str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.key = key
        self.objects: dict[str, object] = {}

    def set_objects(self, objects) -> None:
        self.objects = {str(getattr(item, self.key)): item for item in objects}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value not in self.objects:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.objects[value]


LARGEST_TERMLY_FEE = Decimal("1000.00")


def termly_fee_field(name: str, *, what: str, example: str, initial=None) -> forms.DecimalField:
    """A field for the termly fee of `name` (a hire fee's type, an ensemble), empty for one not set; `what`
    names the fee in an error ("hire fee"), `example` is a sum in pounds ("35.00")."""
    return forms.DecimalField(
        label=name,
        required=False,
        min_value=Decimal(0),
        max_value=LARGEST_TERMLY_FEE,
        decimal_places=2,
        initial=initial,
        error_messages={
            "min_value": f"The fee for {name} cannot be negative.",
            "max_value": f"A termly {what} is at most £{LARGEST_TERMLY_FEE:,}.",
            "max_decimal_places": f"Give the fee for {name} in pounds and pence, e.g. {example}.",
            "invalid": f"Give the fee for {name} in pounds, e.g. {example}.",
        },
        widget=WrittenTextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=StaffRole.choices, widget=forms.CheckboxSelectMultiple, label="Roles", **kwargs
        )


class StaffInviteForm(ErrorSummaryMixin, forms.Form):
    email = forms.EmailField(label="E-mail address")
    first_name = NameField(max_length=150)
    last_name = NameField(max_length=150)
    roles = RolesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class StaffEditForm(ErrorSummaryMixin, forms.ModelForm):
    roles = RolesField(required=False)
    instruments = forms.ModelMultipleChoiceField(
        queryset=InstrumentType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Instruments taught",
    )

    class Meta:
        model = StaffProfile
        fields = ["job_title", "phone", "dbs_checked_on", "instruments"]
        field_classes = {"job_title": NameField, "phone": NameField}
        widgets = {"dbs_checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _post_clean(self):
        # The service applies the changes, so that the audit trail sees the values before them.
        pass


class GuardianDetailsForm(ErrorSummaryMixin, forms.ModelForm):
    first_name = NameField(max_length=150)
    last_name = NameField(max_length=150)

    class Meta:
        model = Guardian
        fields = ["first_name", "last_name", "phone", "address_line_1", "address_line_2", "town", "postcode"]
        field_classes = dict.fromkeys(
            ["phone", "address_line_1", "address_line_2", "town", "postcode"], NameField
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "phone": "tel",
            "address_line_1": "address-line1",
            "address_line_2": "address-line2",
            "town": "address-level2",
            "postcode": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()


class AuditSearchForm(forms.Form):
    q = forms.CharField(label="What changed (name)", required=False)


class WrittenSelect(forms.Select):
    """A select of one choice written in one pass, as Django's templates write it (the same attributes, the
    same option chosen), not by a template for each option: a list page's filters of some thirty options
    took a millisecond to draw, about as long as its SQL. Choices in groups are drawn by the templates."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        choices = self._choices_read()
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = self.format_value(value)
        options = []
        for key, label in choices:
            key = "" if key is None else str(key)
            selected = key in chosen
            if selected:
                chosen = []  # Django's select marks the first option of the value alone
            mark = " selected" if selected else ""
            options.append(f'<option value="{escape(key)}"{mark}>{conditional_escape(label)}</option>')
        written = "".join(
            f" {attr}" if given is True else f' {attr}="{escape(str(given))}"'
            for attr, given in self.build_attrs(self.attrs, attrs).items()
            if given is not False
        )
        # Every attribute's value, every option's value and every label not already safe is escaped above.
        return mark_safe(f'<select name="{escape(name)}"{written}>{"".join(options)}</select>')  # noqa: S308

    def _choices_read(self) -> list:
        """The choices, a model's read in one plain query: Django's iterator would count them first if
        listed, and reads them through a server-side cursor (three round trips) if not."""
        if not isinstance(self.choices, ModelChoiceIterator):
            return list(self.choices)
        field = self.choices.field
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        return empty + [self.choices.choice(item) for item in self.choices.queryset.all()]


class Select(WrittenSelect):
    """A WrittenSelect for a form that crispy draws: crispy adds the widget's class name, lowercased, to the
    select's classes, and this name keeps the "select" that Django's Select gets there."""


class _ReadRowsIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for item in self.field.rows:
            yield self.choice(item)

    def __len__(self) -> int:
        return len(self.field.rows) + (self.field.empty_label is not None)


class ReadRowsSelect(WrittenSelect):
    """WrittenSelect of a ReadModelChoiceField's rows, as they were read."""

    def _choices_read(self) -> list:
        return list(self.choices)


class ReadModelChoiceField(forms.ModelChoiceField):
    """A model choice whose options are rows the view has read already for the page (`rows`, in the order
    shown), not read again by the select, and written in one pass; the queryset still checks what is sent."""

    iterator = _ReadRowsIterator
    widget = ReadRowsSelect
    rows: Sequence = ()


# Django's templates of inputs that only include django/forms/widgets/input.html.
_PLAIN_INPUTS = frozenset(
    f"django/forms/widgets/{kind}.html" for kind in ("text", "number", "email", "url", "date", "time")
)


class WrittenInput:
    """For an input widget: written in one pass, as Django's templates write it (the same attributes, in the
    same order), not by three templates: a year's fees form of sixty fields took a millisecond a dozen
    fields. A widget given a template of its own is drawn by it."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        if self.template_name not in _PLAIN_INPUTS:  # type: ignore[attr-defined]
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]
        shown = self.format_value(value)  # type: ignore[attr-defined]
        written = "".join(
            f" {attr}" if given is True else f' {attr}="{escape(str(given))}"'
            for attr, given in self.build_attrs(self.attrs, attrs).items()  # type: ignore[attr-defined]
            if given is not False
        )
        value_attr = "" if shown is None else f' value="{conditional_escape(shown)}"'
        kind = escape(self.input_type)  # type: ignore[attr-defined]
        # The name and every attribute's value are escaped above, and the value unless already safe.
        return mark_safe(f'<input type="{kind}" name="{escape(name)}"{value_attr}{written}>')  # noqa: S308


class WrittenTextInput(WrittenInput, forms.TextInput):
    """A text input written in one pass (WrittenInput)."""


class WrittenNumberInput(WrittenInput, forms.NumberInput):
    """A number input written in one pass (WrittenInput)."""


class WrittenDateInput(WrittenInput, forms.DateInput):
    """A date input written in one pass (WrittenInput)."""
