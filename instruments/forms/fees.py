"""The termly hire fees of a year: one field a hireable type."""

from decimal import Decimal

from django import forms

from hub.form_errors import ErrorSummaryMixin
from hub.forms import termly_fee_field
from hub.models import InstrumentType


class HireFeesForm(ErrorSummaryMixin, forms.Form):
    """A fee for each type; an empty one means the hub has not set it (families cannot be charged)."""

    def __init__(self, *args, types: list[InstrumentType], **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        for item in types:
            self.fields[self.field_name(item)] = termly_fee_field(
                item.name, what="hire fee", example="35.00", initial=item.fee
            )

    @staticmethod
    def field_name(instrument_type: InstrumentType) -> str:
        return f"fee_{instrument_type.slug.replace('-', '_')}"

    def rows(self) -> list[tuple[InstrumentType, forms.BoundField]]:
        return [(item, self[self.field_name(item)]) for item in self.types]

    def fees(self) -> dict[InstrumentType, Decimal | None]:
        return {item: self.cleaned_data[self.field_name(item)] for item in self.types}
