"""Staff's filter of the hire queues, the allocation of an instrument in stock to a request, declining a
request, and cancelling an allocation before the instrument goes out."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField
from instruments.models import Instrument


class QueueFilterForm(forms.Form):
    """The template writes the types' options itself."""

    instrument_type = ListedChoiceField(key="slug", label="Instrument")

    def __init__(self, *args, types: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_type"].set_objects(types)


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        made = " ".join(part for part in (obj.make, obj.model) if part)
        return f"{obj.asset_tag}{': ' + made if made else ''} ({obj.get_condition_display().lower()})"


class AllocateForm(ErrorSummaryMixin, forms.Form):
    instrument = InstrumentChoiceField(
        label="Instrument (by asset tag)",
        queryset=Instrument.objects.none(),
        to_field_name="public_id",
        empty_label="Choose an instrument",
        error_messages={
            "required": "Choose the instrument to allocate.",
            "invalid_choice": "That instrument is no longer in stock: choose another.",
        },
    )
    due_back_on = forms.DateField(
        label="Due back on",
        required=False,
        help_text="A family hire usually runs to the end of the academic year.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # The service's refusals (taken a moment ago, say) are about the instrument.
    non_field_errors_field = "instrument"

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_due_back_on(self):
        day = self.cleaned_data["due_back_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("The day it is due back must be after today.")
        return day


class DeclineForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Why the request is declined",
        max_length=1000,
        help_text="The family is e-mailed this, and sees it on their instruments page.",
        error_messages={
            "required": "Say why the request is declined: the family is sent it.",
            "max_length": "A reason is at most %(limit_value)d characters.",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


QUEUE, CLOSE = "queue", "close"
AFTER_CANCEL = [
    (QUEUE, "Back to the queue, in its original place (the instrument will not do: allocate another)"),
    (CLOSE, "Close the request (the family no longer wants an instrument)"),
]


class CancelAllocationForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Why the allocation is cancelled",
        max_length=1000,
        help_text="For the store's records. The family is e-mailed that it is cancelled, without this.",
        error_messages={
            "required": "Say why the allocation is cancelled.",
            "max_length": "A reason is at most %(limit_value)d characters.",
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # No choice made for them: sending a child back up the queue, or out of it, is a decision.
    back_to_queue = forms.ChoiceField(
        label="The family's request",
        choices=AFTER_CANCEL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to the family's request."},
    )

    def __init__(self, *args, has_request: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_request:  # a class set's instrument: no family is waiting
            del self.fields["back_to_queue"]
        self.helper = FormHelper()
        self.helper.form_tag = False
