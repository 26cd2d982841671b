"""Finance's filters for the aged debt report: by area, by how long the debt is overdue, and its order."""

from django import forms

from hub.billing.aged_debt import AGED_DEBT_SORTS, BUCKETS
from hub.forms import WrittenSelect
from hub.models import Area

SORT_LABELS = {
    "-total": "Largest debt first",
    "total": "Smallest debt first",
    "oldest": "Oldest debt first",
    "name": "Account name, A to Z",
    "-name": "Account name, Z to A",
}


def _select() -> WrittenSelect:
    return WrittenSelect(attrs={"class": "form-select"})


class AgedDebtFilter(forms.Form):
    """The report's filters; `aged_debt_rows` applies them to the accounts owing, read once for the page,
    its count and its totals alike (a value that is not on a list is set aside, with its error shown)."""

    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.order_by("name"),
        required=False,
        empty_label="All areas",
        widget=_select(),
    )
    band = forms.ChoiceField(
        label="Owing",
        choices=[("", "At any age")]
        + [(key, label if key == "not_due" else f"{label} overdue") for key, label in BUCKETS],
        required=False,
        widget=_select(),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(key, SORT_LABELS[key]) for key in AGED_DEBT_SORTS],
        required=False,
        widget=_select(),
    )

    def filters(self) -> dict:
        """The filters given and valid, as aged_debt_rows takes them."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        return {key: chosen[key] for key in ("area", "band", "sort") if chosen.get(key)}
