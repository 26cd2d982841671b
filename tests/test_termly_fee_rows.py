"""{% termly_fee_rows %} and hub.forms.WrittenTextInput write a fees form's rows as the template loop with
Django's widget templates and _field_errors.html wrote them: the same inputs, values, labels and errors."""

import re
from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template

from hub.forms import WrittenDateInput, WrittenNumberInput, WrittenTextInput, termly_fee_field

DJANGO_ROWS = Template(
    "{% for item, field in form.rows %}<tr>"
    '<th scope="row"><label for="{{ field.id_for_label }}">{{ item.name }}</label></th>'
    '<td>{{ field }}{% include "_field_errors.html" %}</td></tr>{% endfor %}'
)
WRITTEN_ROWS = Template("{% load tables %}{% termly_fee_rows form %}")


class FeesForm(forms.Form):
    def __init__(self, *args, things, django_widget=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.things = things
        for thing in things:
            field = termly_fee_field(thing.name, what="hire fee", example="35.00", initial=thing.fee)
            if django_widget:
                field.widget = forms.TextInput(attrs=field.widget.attrs)
            self.fields[f"fee_{thing.pk}"] = field

    def rows(self):
        return [(thing, self[f"fee_{thing.pk}"]) for thing in self.things]


THINGS = [
    SimpleNamespace(pk=1, name="Cello", fee="36.00"),
    SimpleNamespace(pk=2, name='Drums & "kit" <b>', fee=None),
    SimpleNamespace(pk=3, name="Flute", fee="27.00"),
]


def _tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"fee_1": "40", "fee_2": "", "fee_3": "12.5"},
        {"fee_1": "-1", "fee_2": "1.234", "fee_3": '"><script>'},
        {"fee_1": "5000", "fee_2": "abc", "fee_3": ""},
    ],
)
def test_the_written_rows_are_the_template_loops_rows_valid_or_not(data):
    django_form, form = FeesForm(data, things=THINGS, django_widget=True), FeesForm(data, things=THINGS)
    django_form.is_valid(), form.is_valid()
    django_html = DJANGO_ROWS.render(Context({"form": django_form}))
    written_html = WRITTEN_ROWS.render(Context({"form": form}))
    assert _tidy(written_html) == _tidy(django_html)


def test_errors_are_named_by_the_inputs_aria_describedby_and_values_escaped():
    form = FeesForm({"fee_1": '"><script>', "fee_2": "", "fee_3": ""}, things=THINGS)
    form.is_valid()
    html = WRITTEN_ROWS.render(Context({"form": form}))
    assert 'aria-invalid="true" aria-describedby="id_fee_1_error"' in html
    assert 'id="id_fee_1_error"' in html and "<script>" not in html
    assert "Drums &amp; &quot;kit&quot; &lt;b&gt;" in html


@pytest.mark.parametrize(
    "field, written, django_widget, value",
    [
        (forms.IntegerField, WrittenNumberInput, forms.NumberInput, "12"),
        (forms.IntegerField, WrittenNumberInput, forms.NumberInput, "x<y"),
        (forms.DateField, WrittenDateInput, forms.DateInput, "2026-12-08"),
        (forms.DateField, WrittenDateInput, forms.DateInput, "nonsense"),
        (forms.CharField, WrittenTextInput, forms.TextInput, '"quoted" & <b>'),
        (forms.CharField, WrittenTextInput, forms.TextInput, ""),
    ],
)
def test_each_written_input_writes_what_djangos_writes_valid_or_not(field, written, django_widget, value):
    def form(widget):
        class Form(forms.Form):
            pick = (
                field(
                    label="Pick",
                    min_length=2,
                    help_text="Some help",
                    widget=widget(attrs={"class": "x", "n": 1}),
                )
                if field is forms.CharField
                else field(label="Pick", help_text="Some help", widget=widget)
            )

        bound = Form({"pick": value})
        bound.is_valid()
        return str(bound["pick"])

    assert form(written) == form(django_widget)


def test_a_written_input_given_a_template_of_its_own_is_drawn_by_it():
    class Hidden(WrittenTextInput):
        template_name = "django/forms/widgets/hidden.html"
        input_type = "hidden"

    assert Hidden().render("a", "b") == forms.HiddenInput().render("a", "b")
