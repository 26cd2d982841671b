"""A family's application to an ensemble and its booking of an audition; staff's audition slots and the
outcome they record."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from ensembles.forms.ensembles import TimeInput
from ensembles.models import Application, AuditionSlot, EnsembleSection
from ensembles.models.ensembles import HIGHEST_GRADE
from hub.form_errors import ErrorSummaryMixin
from hub.forms import ReadModelChoiceField
from hub.models import InstrumentType
from schools.models import Pupil


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class ChildChoiceField(ReadModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ApplicationForm(ErrorSummaryMixin, forms.Form):
    """Which child, on which instrument, at what grade, with their experience and teacher; the service checks
    the child's age and grade against the ensemble's, each refusal at its field."""

    # The service's refusals without a field (the ensemble not taking applications) are about the child.
    non_field_errors_field = "child"

    child = ChildChoiceField(
        queryset=Pupil.objects.none(),
        to_field_name="public_id",
        empty_label="Choose a child",
        error_messages={"required": "Choose the child who is applying."},
    )
    instrument = ReadModelChoiceField(
        queryset=InstrumentType.objects.none(),
        to_field_name="slug",
        empty_label="Choose an instrument",
        error_messages={
            "required": "Choose the instrument your child would play.",
            "invalid_choice": "Choose an instrument from the list.",
        },
    )
    grade = forms.IntegerField(
        label="Grade",
        min_value=0,
        max_value=HIGHEST_GRADE,
        help_text="The highest graded exam passed on this instrument, or 0 for none yet.",
        error_messages={
            "required": f"Give your child's grade, from 0 (none yet) to {HIGHEST_GRADE}.",
            "min_value": f"Grades run from 0 (none yet) to {HIGHEST_GRADE}.",
            "max_value": f"Grades run from 0 (none yet) to {HIGHEST_GRADE}.",
            "invalid": f"Give a whole number: grades run from 0 (none yet) to {HIGHEST_GRADE}.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    experience = forms.CharField(
        label="Playing experience (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, how long they have played, and any bands, orchestras or choirs.",
    )
    current_teacher = forms.CharField(label="Current teacher (optional)", required=False, max_length=120)

    def __init__(self, *args, children, family: list[Pupil], instruments: list[InstrumentType], **kwargs):
        """`family` is `children` as the view read them, `instruments` by name: the selects list them, and
        the querysets check what is sent."""
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].rows = family
        self.fields["instrument"].queryset = InstrumentType.objects.filter(
            pk__in=[item.pk for item in instruments]
        )
        self.fields["instrument"].rows = instruments
        self.helper = _helper()


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.when}, {obj.place}"


class BookingForm(ErrorSummaryMixin, forms.Form):
    slot = SlotChoiceField(
        label="Audition",
        queryset=AuditionSlot.objects.none(),
        to_field_name="public_id",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose an audition time.",
            "invalid_choice": "That audition is no longer free: choose another.",
        },
    )

    def __init__(self, *args, slots: list[AuditionSlot], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = AuditionSlot.objects.filter(
            pk__in=[slot.pk for slot in slots]
        ).order_by("date", "starts_at", "pk")
        self.helper = _helper()


class AuditionSlotForm(ErrorSummaryMixin, forms.Form):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the audition's date.", "invalid": "Give a date, like 10/10/2026."},
    )
    starts_at = forms.TimeField(
        label="Starts", widget=TimeInput(), error_messages={"required": "Give the time it starts."}
    )
    ends_at = forms.TimeField(
        label="Ends", widget=TimeInput(), error_messages={"required": "Give the time it ends."}
    )
    place = forms.CharField(
        max_length=200,
        help_text="Where the family should come, e.g. “Room 4, Brindleton Music Centre”.",
        error_messages={"required": "Say where the audition is."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError("An audition cannot be in the past.")
        return day


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


OUTCOMES = [
    (Application.Status.ACCEPTED, "Accept: offer a place in a section"),
    (Application.Status.WAITING_LIST, "Put on the waiting list"),
    (Application.Status.DECLINED, "Decline: no place this year"),
]


class OutcomeForm(ErrorSummaryMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome."},
    )
    section = SectionChoiceField(
        label="Section (for a place)",
        required=False,
        queryset=EnsembleSection.objects.none(),
        to_field_name="public_id",
        empty_label="Choose a section",
    )
    note = forms.CharField(
        label="Note to the family (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It is sent with the outcome.",
    )

    def __init__(self, *args, sections: list[EnsembleSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = EnsembleSection.objects.filter(
            pk__in=[section.pk for section in sections]
        ).order_by("name")
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Application.Status.ACCEPTED and not cleaned.get("section"):
            self.add_error("section", "Choose the section the child joins.")
        return cleaned
