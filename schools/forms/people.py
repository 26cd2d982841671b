import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenSelect
from hub.models import Area
from hub.text import NameField
from schools.forms.school_field import SchoolField
from schools.models import EqualityRecord, Pupil, School, SchoolContact

OLDEST_CHILD_YEARS = 25
YES_NO_FIELDS = ["free_school_meals", "pupil_premium", "looked_after", "young_carer"]


def earliest_date_of_birth(today: datetime.date) -> datetime.date:
    """The earliest birthday the hub accepts; 25 years before 29 February is 28 February."""
    return today - relativedelta(years=OLDEST_CHILD_YEARS)


class AnswerSelect(WrittenSelect, forms.NullBooleanSelect):
    """Yes, no, or not given: each answer is optional. Written in one pass (WrittenSelect), as are the other
    questions' selects: the equality questions' seventy options took a template each."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Not given"), ("true", "Yes"), ("false", "No")]


class ChildForm(ErrorSummaryMixin, forms.ModelForm):
    school = SchoolField(
        queryset=School.objects.none(),
        required=False,
        help_text="Type part of its name or town, then choose it from the list. "
        "If your child's school is not listed, tick the box below.",
    )
    school_not_listed = forms.BooleanField(
        label="My child's school is not listed (or they are home educated)", required=False
    )

    class Meta:
        model = Pupil
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "school",
            "school_not_listed",
            "other_school_name",
        ]
        labels = {"other_school_name": "Name of the school"}
        field_classes = dict.fromkeys(["first_name", "last_name", "other_school_name"], NameField)
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.exclude(status=School.Status.CLOSED).only(
            "name", "town", "urn"
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk and not self.instance.school_id:
            self.initial["school_not_listed"] = True
        elif self.instance.pk and "school" not in self.initial:
            # The child's school, read with them, fills the box (its id alone would be read again); a closed
            # school is not among the box's choices and leaves it empty, as that read would.
            school = self.instance.school
            self.initial["school"] = school if school.status != School.Status.CLOSED else ""
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born < earliest_date_of_birth(today):
            raise forms.ValidationError(
                f"The hub works with children and young people under {OLDEST_CHILD_YEARS}."
            )
        return born

    def clean(self):
        cleaned = super().clean()
        school, not_listed = cleaned.get("school"), cleaned.get("school_not_listed")
        other = (cleaned.get("other_school_name") or "").strip()
        if not_listed:
            cleaned["school"] = None
            self.errors.pop("school", None)  # what is left in the school box no longer matters
            if not other:
                self.add_error(
                    "other_school_name",
                    "Give the name of your child's school, or say they are home educated.",
                )
        else:
            cleaned["other_school_name"] = ""
            if school is None and "school" not in self.errors:
                self.add_error("school", "Choose your child's school, or tick the box if it is not listed.")
        return cleaned

    def _post_clean(self):
        # The model is saved by the service; only field-level validation runs here.
        pass


class EqualityForm(ErrorSummaryMixin, forms.ModelForm):
    """Optional: parents choose whether to give it, and may leave any part blank."""

    class Meta:
        model = EqualityRecord
        fields = [
            "gender",
            "ethnicity",
            "send",
            "free_school_meals",
            "pupil_premium",
            "looked_after",
            "young_carer",
        ]
        labels = {
            "send": "Special educational needs or disability (SEND)",
            "free_school_meals": "Eligible for free school meals",
            "pupil_premium": "Eligible for pupil premium",
            "looked_after": "Looked after by a local authority (in care)",
            "young_carer": "Is a young carer",
        }
        widgets = {
            **dict.fromkeys(["gender", "ethnicity", "send"], WrittenSelect),
            **dict.fromkeys(YES_NO_FIELDS, AnswerSelect),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("gender", "ethnicity", "send"):
            self.fields[name].required = False
            self.fields[name].choices = [("", "Not given")] + list(self.fields[name].choices)[1:]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Equality monitoring (optional)",
                HTML(
                    '<p class="form-text mb-3" id="equality-why">The hub is paid by public money to make '
                    "music open to every child. These answers show whether children from every background "
                    "take part. "
                    "They are optional, never affect a place or a price (fee remissions are applied for "
                    "separately), and only the hub's inclusion lead can see them; reports show only totals, "
                    "with small numbers hidden.</p>"
                ),
                *self.Meta.fields,
            )
        )

    def has_answers(self) -> bool:
        """Whether any question was answered; "No" is an answer, "Not given" (blank or None) is not."""
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.Meta.fields)


class ContactInviteForm(ErrorSummaryMixin, forms.ModelForm):
    email = forms.EmailField(label="E-mail address")
    first_name = NameField(max_length=150)
    last_name = NameField(max_length=150)

    class Meta:
        model = SchoolContact
        fields = ["email", "first_name", "last_name", "role", "can_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label="Name, URN, town or postcode", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    phase = forms.ChoiceField(label="Phase", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any")] + School.Status.choices)

    def __init__(self, *args, phases: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area")] + list(Area.objects.values_list("slug", "name"))
        self.fields["phase"].choices = [("", "Any phase")] + [(p, p) for p in phases]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class PupilSearchForm(forms.Form):
    q = forms.CharField(label="Pupil or school name", required=False)
