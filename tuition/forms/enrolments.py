"""Forms for enrolments: a family's notice, staff's filters, a move, and next year's answer."""

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField
from tuition.models import LeaveReason, TeachingSlot
from tuition.services.reenrolment import Choice


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.get_weekday_display()} {obj.starts_at:%H:%M} to {obj.ends_at:%H:%M}, {obj.place}, "
            f"{obj.tutor.user.get_full_name()}: {obj.lesson_type.name}, room for {obj.capacity}"
        )


class NoticeForm(ErrorSummaryMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why are the lessons stopping?",
        choices=LeaveReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the lessons are stopping."},
    )
    detail = forms.CharField(
        label="Anything else you would like to tell us (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class EnrolmentFilterForm(forms.Form):
    """The template writes the lists' options itself (`options`); a school is found by part of its name or
    its URN (a county has hundreds: typing beats scrolling a list of them)."""

    school = forms.CharField(
        required=False, max_length=100, strip=True, help_text="Part of its name, or its URN"
    )
    instrument = ListedChoiceField(key="pk")
    tutor = ListedChoiceField(key="pk")
    include_ended = forms.BooleanField(label="Include lessons that have ended", required=False)

    def __init__(self, *args, instruments: list, tutors: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].set_objects(instruments)
        self.fields["tutor"].set_objects(tutors)


class MoveForm(ErrorSummaryMixin, forms.Form):
    slot = SlotChoiceField(label="Move to the slot", queryset=TeachingSlot.objects.none())
    starts_on = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReenrolForm(ErrorSummaryMixin, forms.Form):
    choice = forms.ChoiceField(label="Next year", choices=Choice.choices, widget=forms.RadioSelect)
    slot = SlotChoiceField(
        label="Slot next year",
        queryset=TeachingSlot.objects.none(),
        required=False,
        help_text="To stay, leave empty for the matching slot; to change lesson type, choose one.",
    )
    reason = forms.ChoiceField(
        label="Reason for leaving", choices=[("", "Choose a reason"), *LeaveReason.choices], required=False
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("choice")
        if choice == Choice.CHANGE and not cleaned.get("slot"):
            self.add_error("slot", "Choose a slot of another lesson type.")
        if choice == Choice.LEAVE and not cleaned.get("reason"):
            self.add_error("reason", "Choose a reason for leaving.")
        return cleaned
