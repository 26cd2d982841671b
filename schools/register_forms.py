"""Forms of the register pages: uploading the register's CSV, and putting districts in hub areas."""

import re

from crispy_forms.helper import FormHelper
from django import forms

from hub.models import Area
from schools.gias import District

LARGEST_UPLOAD_MB = 200


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label="Register file (CSV)",
        help_text="The establishment CSV from Get Information about Schools (GIAS), as downloaded: "
        "Windows-1252 or UTF-8.",
    )
    la_codes = forms.CharField(
        label="Local authority codes (optional)",
        required=False,
        help_text="Import only the schools of these local authorities, comma separated, e.g. 931, 932. "
        "Leave blank to import every school in the file.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is larger than {LARGEST_UPLOAD_MB} MB; the whole register is about 60 MB."
            )
        return upload

    def clean_la_codes(self) -> set[str] | None:
        codes = {code for code in re.split(r"[\s,;]+", self.cleaned_data["la_codes"]) if code}
        wrong = sorted(code for code in codes if not code.isdigit() or len(code) > 5)
        if wrong:
            raise forms.ValidationError(
                f"Local authority codes are numbers such as 931; {', '.join(wrong)} is not one."
            )
        return codes or None


class DistrictAreasForm(forms.Form):
    """One select per district; only the districts whose area changed are saved."""

    def __init__(self, *args, districts: list[District], areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = districts
        self.areas = {str(area.pk): area for area in areas}
        choices = [("", "No area"), *((str(area.pk), area.name) for area in areas)]
        for district in districts:
            self.fields[self.field_name(district)] = forms.ChoiceField(
                label=f"Area for {district.name or district.code}",
                choices=choices,
                required=False,
                initial=str(district.area.pk) if district.area else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @staticmethod
    def field_name(district: District) -> str:
        return "district_" + re.sub(r"\W", "_", district.code)

    def rows(self) -> list[tuple[District, forms.BoundField]]:
        return [(district, self[self.field_name(district)]) for district in self.districts]

    def changes(self) -> list[tuple[str, str, Area | None]]:
        return [
            (district.code, district.name, self.areas.get(self.cleaned_data[self.field_name(district)]))
            for district in self.districts
            if self.field_name(district) in self.changed_data
        ]
