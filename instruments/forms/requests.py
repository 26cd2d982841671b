"""A family's request to hire an instrument for a child, and the acceptance of a hire agreement."""

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ReadModelChoiceField
from hub.models import InstrumentType
from schools.models import Pupil

ONE_SIZE = ""


def sizes_of(types: list[InstrumentType]) -> list[str]:
    """Every size any of the types comes in, each once, in the order the catalogue lists them."""
    seen: dict[str, None] = {}
    for item in types:
        seen.update(dict.fromkeys(item.sizes))
    return list(seen)


class ChildChoiceField(ReadModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class HireRequestForm(ErrorSummaryMixin, forms.Form):
    """Which child, which instrument and what size; the service checks the size against the type (each
    instrument's sizes are in the size guide beside the form)."""

    # The service's refusals (already waiting for that type, say) are about the instrument.
    non_field_errors_field = "instrument_type"

    child = ChildChoiceField(
        queryset=Pupil.objects.none(),
        to_field_name="public_id",
        empty_label="Choose a child",
        error_messages={"required": "Choose the child the instrument is for."},
    )
    instrument_type = ReadModelChoiceField(
        label="Instrument",
        queryset=InstrumentType.objects.none(),
        to_field_name="slug",
        empty_label="Choose an instrument",
        error_messages={
            "required": "Choose an instrument.",
            "invalid_choice": "Choose an instrument from the list.",
        },
    )
    size = forms.ChoiceField(
        required=False,
        help_text="See the size guide. Choose “One size” for an instrument that comes in one.",
        error_messages={"invalid_choice": "Choose a size from the list."},
    )
    note = forms.CharField(
        label="Anything the store should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, if your child is left-handed or has played before.",
    )

    def __init__(self, *args, children, family: list[Pupil], types: list[InstrumentType], **kwargs):
        """`family` is `children` as the view read them, `types` the types to offer by name: the selects
        list them, and the querysets check what is sent."""
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].rows = family
        self.fields["instrument_type"].queryset = InstrumentType.objects.filter(pk__in=[t.pk for t in types])
        self.fields["instrument_type"].rows = types
        self.fields["size"].choices = [(ONE_SIZE, "One size"), *((size, size) for size in sizes_of(types))]
        self.helper = FormHelper()
        self.helper.form_tag = False


class AgreementForm(ErrorSummaryMixin, forms.Form):
    accept = forms.BooleanField(
        label="I have read the hire agreement and accept it",
        error_messages={"required": "Tick the box to accept the hire agreement."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
