"""The form a leader writes a message to an ensemble's families with: who to, a subject and the message."""

from crispy_forms.helper import FormHelper
from django import forms

from ensembles.models import Ensemble, EnsembleSection
from ensembles.models.messages import BODY_LENGTH, SUBJECT_LENGTH
from hub.form_errors import ErrorSummaryMixin

EVERYONE = "everyone"


class MessageForm(ErrorSummaryMixin, forms.Form):
    """`section()` is the section chosen, or None for the whole ensemble. `request_id` is the confirmation
    page's own id, so that a second click on its button is known for what it is."""

    to = forms.ChoiceField(
        label="Send it to the families of",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who to send it to.",
            "invalid_choice": "Choose who to send it to.",
        },
    )
    subject = forms.CharField(
        max_length=SUBJECT_LENGTH,
        error_messages={
            "required": "Enter a subject.",
            "max_length": f"The subject must be {SUBJECT_LENGTH} characters or fewer.",
        },
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Plain text, up to {BODY_LENGTH:,} characters. Each parent or carer gets it by e-mail.",
        error_messages={
            "required": "Enter the message.",
            "max_length": f"The message must be {BODY_LENGTH:,} characters or fewer.",
        },
    )
    request_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ensemble: Ensemble, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {str(section.public_id): section for section in ensemble.sections.all()}
        self.fields["to"].choices = [
            (EVERYONE, f"Everyone in {ensemble.name}"),
            *((key, f"The {section.name} section") for key, section in self.sections.items()),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_subject(self) -> str:
        # One line: a newline in an e-mail's subject can never be sent.
        return " ".join(self.cleaned_data["subject"].split())

    def section(self) -> EnsembleSection | None:
        return self.sections.get(self.cleaned_data["to"])
