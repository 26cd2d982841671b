"""The public listing's filters: a child's age, an instrument and an area, each optional."""

from django import forms

from hub.forms import ListedChoiceField

YOUNGEST, OLDEST = 4, 25


class ListingFilterForm(forms.Form):
    """The template writes the selects' options itself (`options`), from rows the page reads once."""

    age = forms.IntegerField(
        label="Child's age",
        required=False,
        min_value=YOUNGEST,
        max_value=OLDEST,
        help_text="In years",
        error_messages={
            "min_value": f"Give an age from {YOUNGEST} to {OLDEST}.",
            "max_value": f"Give an age from {YOUNGEST} to {OLDEST}.",
            "invalid": f"Give an age in whole years, from {YOUNGEST} to {OLDEST}.",
        },
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    instrument = ListedChoiceField(key="slug", label="Instrument")
    area = ListedChoiceField(key="slug", label="Area")

    def __init__(self, *args, instruments: list, areas: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].set_objects(instruments)
        self.fields["area"].set_objects(areas)
