"""Forms of the register pages: uploading the register's CSV, and putting districts in hub areas."""

import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from hub.form_errors import ErrorSummaryMixin
from hub.forms import WrittenSelect
from hub.models import Area
from schools.selectors.districts import District


class RegisterImportForm(ErrorSummaryMixin, forms.Form):
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
        file = self.fields["file"]
        file.widget.attrs["accept"] = ".csv,text/csv"
        # The limit is a setting (the request size middleware refuses a larger request before it is read).
        file.help_text += f" Up to {settings.REGISTER_UPLOAD_MAX_MB} MB: the whole register is about 60 MB."
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        largest = settings.REGISTER_UPLOAD_MAX_MB
        if upload.size > largest * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is larger than {largest} MB; the whole register is about 60 MB."
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


class DistrictAreasForm(ErrorSummaryMixin, forms.Form):
    """One select per district; a district is saved when the area chosen differs from its saved mapping."""

    def __init__(self, *args, districts: list[District], areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = districts
        self.areas = {str(area.pk): area for area in areas}
        choices = [("", "No area"), *((str(area.pk), area.name) for area in areas)]
        for district in districts:
            # Unmapped, but all its schools are in one area (set by hand, or by the demo): show that area,
            # not "No area"; saving makes it the mapping.
            shown = district.area.pk if district.area else district.schools_area_id
            attrs = {"class": "form-select"}
            if self.shown_from_schools(district):
                attrs["aria-describedby"] = self.hint_id(district)
            self.fields[self.field_name(district)] = forms.ChoiceField(
                label=f"Area for {district.name or district.code}",
                choices=choices,
                required=False,
                initial=str(shown) if shown else "",
                widget=WrittenSelect(attrs=attrs),
            )

    @staticmethod
    def shown_from_schools(district: District) -> bool:
        return district.area is None and district.schools_area_id is not None

    def hint_id(self, district: District) -> str:
        return f"{self.field_name(district)}_hint"

    @staticmethod
    def field_name(district: District) -> str:
        return "district_" + re.sub(r"\W", "_", district.code)

    def rows(self) -> list[tuple[District, forms.BoundField, str]]:
        """Each district, its select, and the id of its hint when the area shown comes from its schools."""
        return [
            (
                district,
                self[self.field_name(district)],
                self.hint_id(district) if self.shown_from_schools(district) else "",
            )
            for district in self.districts
        ]

    def changes(self) -> list[tuple[str, str, Area | None]]:
        """The districts whose chosen area differs from their saved mapping (none counts as no area)."""
        chosen = {
            district.code: self.areas.get(self.cleaned_data[self.field_name(district)])
            for district in self.districts
        }
        return [
            (district.code, district.name, chosen[district.code])
            for district in self.districts
            if chosen[district.code] != district.area
        ]
