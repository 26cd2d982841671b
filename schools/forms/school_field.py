"""A school typed with suggestions: a text box and a <datalist>, which needs no JavaScript."""

import re
from html import escape

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from schools.models import School

# "Hillside Primary School (123456)", as the list suggests it; the URN decides.
NAME_AND_URN = re.compile(r"^\s*(?P<name>.*?)\s*\((?P<urn>\d{5,7})\)\s*$")


def school_choice_text(school: School) -> str:
    return f"{school.name} ({school.urn})"


class SchoolListInput(forms.TextInput):
    """A text box followed by the datalist of the schools it suggests, read when it is drawn (not when a
    form is only checked) as plain values: a county's five hundred schools as models and format_html
    calls took longer than the rest of a page. The standard library's escape (Django's escape calls it
    behind a lazy-string wrapper that cost more than the escaping, fifteen hundred times a page)."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.schools: QuerySet[School] = School.objects.none()

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        list_id = f"{attrs.get('id', name)}-list"
        box = super().render(name, value, {**attrs, "list": list_id}, renderer)
        rows = self.schools.order_by("name").values_list("name", "urn", "town")
        options = "".join(
            f'<option value="{escape(name)} ({urn})">{escape(town)}</option>' for name, urn, town in rows
        )
        # Every name and town in it goes through the standard library's escape() (Django's, less its lazy-text
        # wrapper: a county's thousand took a millisecond in it), and a URN is a number.
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, mark_safe(options))  # noqa: S308


class SchoolField(forms.Field):
    """Resolves what was typed to one open school: "Name (URN)", a URN, or a name that only one school has."""

    widget = SchoolListInput
    default_error_messages = {
        "none": "No school in the register matches “%(typed)s”. Choose it from the list as you type, "
        "or tick the box below if it is not listed.",
        "several": "%(count)s schools are called “%(typed)s”. Choose yours from the list, "
        "which shows each school's town and URN.",
    }

    def __init__(self, *, queryset, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._queryset = queryset
        self.widget.schools = queryset if queryset is not None else School.objects.none()

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.queryset = self._queryset
        return field

    def prepare_value(self, value):
        if isinstance(value, School):
            return school_choice_text(value)
        if isinstance(value, int) and self.queryset is not None:
            school = self.queryset.filter(pk=value).only("name", "urn").first()
            return school_choice_text(school) if school else ""
        return value

    def to_python(self, value):
        typed = " ".join((value or "").split())
        if not typed:
            return None
        matched = NAME_AND_URN.match(typed)
        if matched:
            found = self.queryset.filter(urn=matched["urn"])
        elif typed.isdigit():
            found = self.queryset.filter(urn=typed)
        else:
            found = self.queryset.filter(name__iexact=typed)
        schools = list(found[:2])
        if not schools:
            raise forms.ValidationError(self.error_messages["none"], code="none", params={"typed": typed})
        if len(schools) > 1:
            count = found.count()
            raise forms.ValidationError(
                self.error_messages["several"], code="several", params={"typed": typed, "count": count}
            )
        return schools[0]
