"""Form fields for the SLA's money and quantities, each saying its limit next to the field."""

from decimal import Decimal

from django import forms

from schools.sla_limits import MAX_QUANTITY, QUANTITY_TOO_LARGE


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
