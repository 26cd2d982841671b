"""Which instruments to print asset labels for: tags typed or pasted, or the inventory's filters."""

from django import forms

from instruments.forms.inventory import InventoryFilterForm
from instruments.labels import LABELS_PER_SHEET
from instruments.selectors.labels import split_tags

FILTERS = ("tag", "instrument_type", "size", "status", "location", "school")


class LabelSheetForm(InventoryFilterForm):
    """The inventory's filters (so that its page can link here with them), or a list of tags."""

    tags = forms.CharField(
        label="Asset tags",
        required=False,
        max_length=10_000,
        help_text="With commas, spaces or new lines between them",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "spellcheck": "false"}),
    )
    skip = forms.IntegerField(
        label="Labels already used on the first sheet",
        required=False,
        min_value=0,
        max_value=LABELS_PER_SHEET - 1,
        help_text=f"0 to {LABELS_PER_SHEET - 1}, counted across from the top left",
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])

    def clean(self):
        cleaned = super().clean()
        filtered = any(cleaned.get(name) for name in FILTERS)
        if cleaned.get("tags") and filtered:
            self.add_error(
                "tags", "Give asset tags, or choose instruments by type, status or place: not both."
            )
        elif not cleaned.get("tags") and not filtered and not self.errors:
            self.add_error(
                "tags", "Give the asset tags to print, or choose instruments by type, status or place."
            )
        cleaned["skip"] = cleaned.get("skip") or 0
        return cleaned
