"""The form a family reports an absence with: the reason (the date comes from the page's address)."""

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin


class AbsenceForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for the absence",
        max_length=300,
        help_text="For example: a school trip, illness, a family event.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Give the reason for the absence.",
            "max_length": "Keep the reason to 300 characters or fewer.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
