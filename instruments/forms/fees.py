"""The termly hire fees of a year: one field a hireable type."""

from decimal import Decimal

from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.models import InstrumentType

LARGEST_FEE = Decimal("1000.00")


class HireFeesForm(ErrorSummaryMixin, forms.Form):
    """A fee for each type; an empty one means the hub has not set it (families cannot be charged)."""

    def __init__(self, *args, types: list[InstrumentType], **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        for item in types:
            self.fields[self.field_name(item)] = forms.DecimalField(
                label=item.name,
                required=False,
                min_value=Decimal(0),
                max_value=LARGEST_FEE,
                decimal_places=2,
                initial=item.fee,
                error_messages={
                    "min_value": f"The fee for {item.name} cannot be negative.",
                    "max_value": f"A termly hire fee is at most £{LARGEST_FEE:,}.",
                    "max_decimal_places": f"Give the fee for {item.name} in pounds and pence, e.g. 35.00.",
                    "invalid": f"Give the fee for {item.name} in pounds, e.g. 35.00.",
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
            )

    @staticmethod
    def field_name(instrument_type: InstrumentType) -> str:
        return f"fee_{instrument_type.slug.replace('-', '_')}"

    def rows(self) -> list[tuple[InstrumentType, forms.BoundField]]:
        return [(item, self[self.field_name(item)]) for item in self.types]

    def fees(self) -> dict[InstrumentType, Decimal | None]:
        return {item: self.cleaned_data[self.field_name(item)] for item in self.types}
