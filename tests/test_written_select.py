"""hub.forms.WrittenSelect writes the select Django's templates write: the same attributes and options."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from hub.forms import WrittenSelect
from hub.models import Area

CHOICES = [("", "Any"), ("a", "A & B"), (2, '"Two"'), ("a", "A again"), (None, mark_safe("<b>None</b>"))]


def _form(widget, data=None, required=False):
    class Form(forms.Form):
        pick = forms.ChoiceField(
            label="Pick", choices=CHOICES, required=required, widget=widget(attrs={"class": "form-select"})
        )

    return Form(data)


def _tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "data, required",
    [(None, False), ({"pick": "a"}, False), ({"pick": "2"}, False), ({"pick": "nope"}, False), ({}, True)],
)
def test_it_writes_what_django_select_writes_chosen_invalid_or_required(data, required):
    django_form, written_form = _form(forms.Select, data, required), _form(WrittenSelect, data, required)
    django_form.is_valid(), written_form.is_valid()
    assert _tidy(written_form["pick"]) == _tidy(django_form["pick"])


def test_it_escapes_values_and_labels_and_marks_one_option_chosen():
    html = str(_form(WrittenSelect, {"pick": "a"})["pick"])
    assert "A &amp; B" in html and "&quot;Two&quot;" in html and "<b>None</b>" in html
    assert html.count(" selected") == 1


def test_choices_in_groups_are_drawn_by_the_templates():
    grouped = [("Strings", [("a", "A"), ("b", "B")]), ("c", "C")]
    field = forms.ChoiceField(choices=grouped, widget=WrittenSelect)
    assert "<optgroup" in WrittenSelect(choices=field.choices).render("pick", "b")


def test_a_models_choices_are_read_once_and_not_counted_first(db, django_assert_num_queries):
    Area.objects.create(name="North", slug="north")
    field = forms.ModelChoiceField(queryset=Area.objects.order_by("name"), widget=WrittenSelect)
    with django_assert_num_queries(1):
        html = field.widget.render("area", None)
    assert ">North</option>" in html
