"""The form that adds or changes an ensemble, and the one for a section of it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms

from ensembles.models import Ensemble, EnsembleSection
from ensembles.models.ensembles import HIGHEST_GRADE
from ensembles.selectors.ensembles import leader_choices, leader_names
from ensembles.services.ensembles import ENSEMBLE_FIELDS
from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenInput, WrittenNumberInput, WrittenSelect, WrittenTextInput
from hub.models import Area, InstrumentType

YOUNGEST, OLDEST = 4, 25
LARGEST_ENSEMBLE = 500


class TimeInput(WrittenInput, forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _whole(label: str, low: int, high: int, what: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "min_value": f"{what} from {low} to {high}.",
            "max_value": f"{what} from {low} to {high}.",
            "invalid": f"Give a whole number: {what.lower()} from {low} to {high}.",
        },
        widget=WrittenNumberInput,
        **kwargs,
    )


class _ServiceChecks:
    """The service checks the rules across fields, each reason at its field, and the database has the last
    word (its constraints): the model's own validation would report them again, about the whole form."""

    def _post_clean(self):
        pass


class LeaderField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class EnsembleForm(ErrorSummaryMixin, _ServiceChecks, forms.ModelForm):
    min_age = _whole("Youngest age", YOUNGEST, OLDEST, "Ages run")
    max_age = _whole("Oldest age", YOUNGEST, OLDEST, "Ages run")
    min_grade = _whole("Lowest grade", 0, HIGHEST_GRADE, "Grades run", help_text="0 for none yet.")
    max_grade = _whole("Highest grade", 0, HIGHEST_GRADE, "Grades run")
    capacity = _whole("Capacity", 1, LARGEST_ENSEMBLE, "Capacity runs", help_text="The most members.")
    leaders = LeaderField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff who hold the ensemble-leader role.",
    )

    class Meta:
        model = Ensemble
        fields = [*ENSEMBLE_FIELDS, "leaders"]
        labels = {"rehearsal_weekday": "Rehearsal day", "is_active": "Listed for families to find"}
        help_texts = {
            "area": "Leave empty for a county-wide ensemble.",
            "is_active": "",
            "description": "What families read on the ensemble's page.",
        }
        widgets = {
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "level": WrittenSelect,
            "area": WrittenSelect,
            "rehearsal_weekday": WrittenSelect,
            "name": WrittenTextInput,
            "venue": WrittenTextInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.order_by("name")
        self.fields["area"].empty_label = "County-wide (no area)"
        self.fields["leaders"].queryset = leader_choices()
        # Drawn from the same people read as plain values, when drawn (a valid form is not drawn).
        self.fields["leaders"].choices = leader_names
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("The ensemble", "name", "level", "area", "description", "is_active"),
            Fieldset("Who it is for", "min_age", "max_age", "min_grade", "max_grade", "capacity"),
            Fieldset("Rehearsals", "venue", "rehearsal_weekday", "starts_at", "ends_at"),
            Fieldset("Leaders", "leaders"),
        )


class SectionForm(ErrorSummaryMixin, _ServiceChecks, forms.ModelForm):
    target = _whole("Target number of players", 0, LARGEST_ENSEMBLE, "Targets run")
    instrument_types = forms.ModelMultipleChoiceField(
        queryset=InstrumentType.objects.none(),
        label="Instruments it takes",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one instrument the section takes."},
    )

    class Meta:
        model = EnsembleSection
        fields = ["name", "instrument_types", "target"]
        help_texts = {"name": "E.g. “Violins” or “Low brass”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_types"].queryset = InstrumentType.objects.order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
