"""The termly fees of a year: one field an ensemble."""

from decimal import Decimal

from django import forms

from ensembles.models import Ensemble
from hub.form_errors import ErrorSummaryMixin

LARGEST_FEE = Decimal("1000.00")


class EnsembleFeesForm(ErrorSummaryMixin, forms.Form):
    """A fee for each ensemble; an empty one means the hub has not set it (families cannot be charged)."""

    def __init__(self, *args, ensembles: list[Ensemble], **kwargs):
        super().__init__(*args, **kwargs)
        self.ensembles = ensembles
        for item in ensembles:
            self.fields[self.field_name(item)] = forms.DecimalField(
                label=item.name,
                required=False,
                min_value=Decimal(0),
                max_value=LARGEST_FEE,
                decimal_places=2,
                initial=getattr(item, "fee", None),
                error_messages={
                    "min_value": f"The fee for {item.name} cannot be negative.",
                    "max_value": f"A termly ensemble fee is at most £{LARGEST_FEE:,}.",
                    "max_decimal_places": f"Give the fee for {item.name} in pounds and pence, e.g. 45.00.",
                    "invalid": f"Give the fee for {item.name} in pounds, e.g. 45.00.",
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
            )

    @staticmethod
    def field_name(ensemble: Ensemble) -> str:
        return f"fee_{ensemble.pk}"

    def rows(self) -> list[tuple[Ensemble, forms.BoundField]]:
        return [(item, self[self.field_name(item)]) for item in self.ensembles]

    def fees(self) -> dict[Ensemble, Decimal | None]:
        return {item: self.cleaned_data[self.field_name(item)] for item in self.ensembles}
