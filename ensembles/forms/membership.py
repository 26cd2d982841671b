"""Recording a member leaving: the day and the reason."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from hub.form_errors import ErrorSummaryMixin


class LeavingForm(ErrorSummaryMixin, forms.Form):
    left_on = forms.DateField(
        label="Left on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the day they left.", "invalid": "Give a date, like 10/10/2026."},
    )
    reason = forms.CharField(
        label="Reason for leaving",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for leaving."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
