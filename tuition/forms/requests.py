"""A family's request for lessons, and the confirmation that withdraws one."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ReadModelChoiceField
from hub.models import InstrumentType
from tuition.models import LessonType, Level
from tuition.selectors.requests import InstrumentLessons


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class LessonTypeChoiceField(ReadModelChoiceField):
    def label_from_instance(self, lesson_type):
        return f"{lesson_type.name} ({lesson_type.academic_year})"


class LessonRequestForm(ErrorSummaryMixin, forms.Form):
    # The service's refusals (already waiting for that instrument, say) are about the instrument.
    non_field_errors_field = "instrument"

    instrument = ReadModelChoiceField(
        queryset=InstrumentType.objects.none(),
        empty_label="Choose an instrument",
        error_messages={"required": "Choose an instrument."},
    )
    lesson_type = LessonTypeChoiceField(
        label="Lesson type",
        queryset=LessonType.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a lesson type."},
    )
    level = forms.ChoiceField(
        label="Level", choices=Level.choices, help_text="How far they have got, if they play already."
    )
    preferred_start = forms.DateField(
        label="Preferred start",
        required=False,
        help_text="Leave it empty to start as soon as there is a place.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    accept_terms = forms.BooleanField(
        label="I accept the hub's terms for lessons: fees are billed each term until I give notice",
        error_messages={"required": "Tick the box to accept the terms."},
    )

    def __init__(self, *args, taught: list[InstrumentLessons], **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {(item.instrument.pk, c.lesson_type.pk) for item in taught for c in item.choices}
        # The choices are the instruments and lesson types `taught` read (by the instruments' names), not
        # read again; the querysets check what is sent.
        self.fields["instrument"].queryset = InstrumentType.objects.filter(
            pk__in={instrument for instrument, _ in self.pairs}
        )
        self.fields["instrument"].rows = [item.instrument for item in taught if item.choices]
        self.fields["lesson_type"].queryset = LessonType.objects.filter(
            pk__in={lesson_type for _, lesson_type in self.pairs}
        ).select_related("academic_year")
        lesson_types = {c.lesson_type.pk: c.lesson_type for item in taught for c in item.choices}
        self.fields["lesson_type"].rows = sorted(
            lesson_types.values(),
            key=lambda lesson_type: (
                lesson_type.academic_year.starts_on,
                lesson_type.max_pupils,
                lesson_type.minutes,
                lesson_type.name,
            ),
        )
        self.helper = _helper()

    def clean_preferred_start(self):
        day = self.cleaned_data["preferred_start"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("The preferred start cannot be in the past.")
        return day

    def clean(self):
        cleaned = super().clean()
        instrument, lesson_type = cleaned.get("instrument"), cleaned.get("lesson_type")
        if instrument and lesson_type and (instrument.pk, lesson_type.pk) not in self.pairs:
            self.add_error(
                "lesson_type",
                f"{lesson_type.name} lessons are not taught on the {instrument.name.lower()} at this school: "
                "choose one the table lists for it.",
            )
        return cleaned
