"""The termly fees of a year: one field an ensemble."""

from decimal import Decimal

from django import forms

from ensembles.models import Ensemble
from hub.form_errors import ErrorSummaryMixin
from hub.forms import termly_fee_field


class EnsembleFeesForm(ErrorSummaryMixin, forms.Form):
    """A fee for each ensemble; an empty one means the hub has not set it (families cannot be charged)."""

    def __init__(self, *args, ensembles: list[Ensemble], **kwargs):
        super().__init__(*args, **kwargs)
        self.ensembles = ensembles
        for item in ensembles:
            self.fields[self.field_name(item)] = termly_fee_field(
                item.name, what="ensemble fee", example="45.00", initial=getattr(item, "fee", None)
            )

    @staticmethod
    def field_name(ensemble: Ensemble) -> str:
        return f"fee_{ensemble.pk}"

    def rows(self) -> list[tuple[Ensemble, forms.BoundField]]:
        return [(item, self[self.field_name(item)]) for item in self.ensembles]

    def fees(self) -> dict[Ensemble, Decimal | None]:
        return {item: self.cleaned_data[self.field_name(item)] for item in self.ensembles}
