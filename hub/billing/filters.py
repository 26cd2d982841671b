"""Finance's filters for the aged debt report: by area, by how long the debt is overdue, and its order."""

import django_filters
from django import forms

from hub.billing.selectors import AGED_DEBT_SORTS, BUCKETS
from hub.models import Area

SORT_LABELS = {
    "-total": "Largest debt first",
    "total": "Smallest debt first",
    "oldest": "Oldest debt first",
    "name": "Account name, A to Z",
    "-name": "Account name, Z to A",
}


class AgedDebtFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        label="Area",
        field_name="account__area",
        queryset=Area.objects.order_by("name"),
        empty_label="All areas",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    band = django_filters.ChoiceFilter(
        label="Owing",
        choices=[(key, label if key == "not_due" else f"{label} overdue") for key, label in BUCKETS],
        empty_label="At any age",
        method="owing_in",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, SORT_LABELS[key]) for key in AGED_DEBT_SORTS],
        empty_label=None,
        method="sort_by",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def owing_in(self, rows, name, value):
        """Accounts with something owing in that age band."""
        return rows.filter(**{f"{value}__gt": 0})

    def sort_by(self, rows, name, value):
        return rows.order_by(*AGED_DEBT_SORTS[value])
