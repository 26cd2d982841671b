"""Forms for lesson setup: a year's lesson types and fees, teaching slots, and the slot list's filters."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.forms import ListedChoiceField
from hub.models import AcademicYear, InstrumentType
from schools.forms.school_field import SchoolField
from schools.models import School
from tuition.models import LessonType, TeachingSlot
from tuition.selectors.slots import tutors
from tuition.services.slots import LESSON_TYPE_FIELDS, SLOT_FIELDS, SlotError

MAX_TERMLY_FEE = Decimal("5000.00")


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def show_error(form, error: SlotError) -> None:
    """A service's reason, next to the field it is about."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


class _ServiceChecks:
    """The service checks the rules across fields, each reason at its field, and the database has the last
    word (its constraints). The form converts input only: the model's own validation would report those
    rules again, as errors about the whole form."""

    def _post_clean(self):
        pass


class LessonTypeForm(ErrorSummaryMixin, _ServiceChecks, forms.ModelForm):
    termly_fee = forms.DecimalField(
        label="Termly fee (£)",
        min_value=Decimal(0),
        max_value=MAX_TERMLY_FEE,
        decimal_places=2,
        error_messages={
            "min_value": "The fee cannot be negative.",
            "max_value": f"A termly fee is at most £{MAX_TERMLY_FEE:,}.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = LessonType
        fields = LESSON_TYPE_FIELDS
        labels = {
            "format": "Kind of lesson",
            "min_pupils": "Smallest group",
            "max_pupils": "Largest group",
            "minutes": "Length in minutes",
            "lessons_per_term": "Lessons guaranteed a term",
            "lessons_per_year": "Lessons guaranteed a year",
        }
        help_texts = {"name": "As families see it, e.g. “Individual, 30 minutes”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        for name in ("min_pupils", "max_pupils"):
            self.fields[name].widget.attrs.update(min=1, max=30)
        self.fields["minutes"].widget.attrs.update(min=5, max=240)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class SlotForm(ErrorSummaryMixin, _ServiceChecks, forms.ModelForm):
    school = SchoolField(
        queryset=School.objects.none(),
        required=False,
        help_text="Type part of its name, then choose it from the list. Leave empty for a music centre.",
    )

    class Meta:
        model = TeachingSlot
        fields = SLOT_FIELDS
        labels = {
            "music_centre": "Music centre",
            "lesson_type": "Lesson type",
            "weekday": "Day",
            "starts_at": "Starts at",
            "ends_at": "Ends at",
            "capacity": "Places",
            "school_pays": "The school pays for these lessons (SLA)",
        }
        help_texts = {
            "music_centre": "Only if the lessons are not at a school.",
            "capacity": "How many pupils the slot takes: within the lesson type's group size.",
        }
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args, year: AcademicYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["tutor"].queryset = tutors()
        self.fields["tutor"].label_from_instance = lambda profile: (
            profile.user.get_full_name() or str(profile)
        )
        self.fields["lesson_type"].queryset = LessonType.objects.filter(academic_year=year)
        self.fields["instrument"].queryset = InstrumentType.objects.order_by("name")
        self.fields["school"].queryset = School.objects.exclude(status=School.Status.CLOSED)
        self.fields["capacity"].widget.attrs.update(min=1, max=30)


class SlotFilterForm(forms.Form):
    """The slot list's filters: a year, a tutor, a school (part of its name, or its URN); each optional.
    The template writes the years' and tutors' options itself (`options`): a county has a hundred and twenty
    tutors, and a widget's templates cost more than the page's query for the years."""

    year = ListedChoiceField(key="pk", label="Academic year")
    tutor = ListedChoiceField(key="pk", label="Tutor")
    school = forms.CharField(
        label="School", required=False, max_length=100, strip=True, help_text="Part of its name, or its URN"
    )
    inactive = forms.BooleanField(label="Show slots taken out of the timetable", required=False)

    def __init__(self, *args, years: list, tutors: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].set_objects(years)
        self.fields["tutor"].set_objects(tutors)
        self.fields["school"].widget.attrs.update(
            {"class": "form-control", "type": "search", "aria-describedby": "id_school_helptext"}
        )
        self.fields["inactive"].widget.attrs["class"] = "form-check-input"
