"""Pieces shared by the SLA forms: money and quantity fields, the crispy helper, showing a domain error."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin
from schools import errors
from schools.limits import (
    MAX_QUANTITY,
    QUANTITY_TOO_LARGE,
)


def price_field(label: str, *, cap: Decimal, too_large: str) -> forms.DecimalField:
    """A price in pounds to the penny, not negative and at most `cap`."""
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=cap,
        decimal_places=2,
        error_messages={"min_value": "The price cannot be negative.", "max_value": too_large},
    )


def quantity_field(**kwargs) -> forms.DecimalField:
    """A quantity to two places, at most MAX_QUANTITY (the field says so rather than the database failing)."""
    return forms.DecimalField(
        max_value=MAX_QUANTITY,
        decimal_places=2,
        error_messages={"max_value": QUANTITY_TOO_LARGE},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


QUANTITY_HELP = "Hours, sessions, pupils or classes, as the service's unit says."


def form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class NoTagForm(ErrorSummaryMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


def show_error(form, error: errors.SlaError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))
