"""The inventory import's upload."""

from crispy_forms.helper import FormHelper
from django import forms

from hub.form_errors import ErrorSummaryMixin

# A county's store of 5,000 instruments is about 600 KB as CSV; the portal takes 5 MB a request.
LARGEST_FILE_MB = 4


class InventoryImportForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label="Inventory file (CSV)",
        help_text=f"Saved from the spreadsheet as CSV (UTF-8 or Windows-1252), up to {LARGEST_FILE_MB} MB.",
        error_messages={"required": "Choose the inventory's CSV file.", "empty": "The file is empty."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is larger than {LARGEST_FILE_MB} MB: a store of 5,000 instruments is under 1 MB."
            )
        return upload
