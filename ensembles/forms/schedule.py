"""The forms of an ensemble's schedule: generating a term's rehearsals, and adding an event or concert."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms

from ensembles.forms.ensembles import TimeInput, _ServiceChecks
from ensembles.models import Rehearsal
from ensembles.services.schedule import EVENT_FIELDS
from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenSelect
from hub.models import Term


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GenerateForm(ErrorSummaryMixin, forms.Form):
    """Which term's rehearsals to add; its choices are the terms the page has read (no query of its own)."""

    term = forms.ChoiceField(
        label="Term",
        error_messages={"invalid_choice": "Choose a term the hub has set up."},
        widget=WrittenSelect,
    )

    def __init__(self, *args, terms: list[Term], **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {term.slug: term for term in terms}
        self.fields["term"].choices = [
            (term.slug, f"{term.get_kind_display()} term {term.academic_year}") for term in terms
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_term(self) -> Term:
        return self.terms[self.cleaned_data["term"]]


class EventForm(ErrorSummaryMixin, _ServiceChecks, forms.ModelForm):
    kind = forms.ChoiceField(
        label="What it is",
        choices=[(Rehearsal.Kind.CONCERT, "Concert"), (Rehearsal.Kind.EVENT, "Event")],
        widget=forms.RadioSelect,
        initial=Rehearsal.Kind.CONCERT,
        error_messages={"required": "Choose a concert or an event."},
    )

    class Meta:
        model = Rehearsal
        fields = EVENT_FIELDS
        labels = {
            "title": "Title",
            "date": "Date",
            "starts_at": "Starts",
            "ends_at": "Ends",
            "venue": "Venue",
        }
        help_texts = {"title": "E.g. “Winter concert” or “Sectional day”.", "starts_at": "", "ends_at": ""}
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}
        error_messages = {
            "title": {"required": "Give the event or concert its title."},
            "date": {"required": "Give the date.", "invalid": "Give the date as a real date."},
            "starts_at": {"required": "Give the time it starts.", "invalid": "Give the time as 18:30."},
            "ends_at": {"required": "Give the time it ends.", "invalid": "Give the time as 20:00."},
            "venue": {"required": "Give the venue."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "kind", "title", Fieldset("When and where", "date", "starts_at", "ends_at", "venue")
        )
