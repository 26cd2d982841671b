"""One error pattern for every form: the page's error summary, each line linked to its field.

The summary and the "Error: " at the start of the page's title come from the forms a view passes to its
template (hub/templatetags/form_errors.py reads them from the context), so a page needs nothing of its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet

# Django's own message says nothing of which field it is about: the summary names the field before it.
REQUIRED = str(forms.Field.default_error_messages["required"])


@dataclass(frozen=True)
class ErrorLink:
    """A line of the error summary: a message, and the id of the control its link focuses (or None)."""

    message: str
    target: str | None


class ErrorSummaryMixin:
    """A form of the portal: its errors are listed in the page's summary, each linked to its field.

    `error_targets` maps a field to the id of the control its summary link focuses, for a widget that a
    template renders by hand with ids of its own. `non_field_errors_field` names the field that errors about
    the whole form are shown at (its message, aria-invalid and aria-describedby), as a sign-in's wrong
    password is shown at the e-mail address; without it they are listed in the summary alone, linked to the
    form's first field.
    """

    error_targets: dict[str, str] = {}
    non_field_errors_field: str | None = None

    def add_error(self, field, error):
        if field is None and self.non_field_errors_field and not _names_fields(error):
            field = self.non_field_errors_field
        super().add_error(field, error)


def _names_fields(error) -> bool:
    return isinstance(error, dict) or (isinstance(error, ValidationError) and hasattr(error, "error_dict"))


def has_errors(form) -> bool:
    """A bound form (or formset) that failed validation."""
    if not form.is_bound:
        return False
    if isinstance(form, BaseFormSet):
        return form.total_error_count() > 0
    return bool(form.errors)


def invalid_forms(values: Iterable) -> list:
    """The forms and formsets among `values` (a template's context) that have errors, each once, in order."""
    found, seen = [], set()
    for value in values:
        if isinstance(value, forms.BaseForm | BaseFormSet) and id(value) not in seen:
            seen.add(id(value))
            if has_errors(value):
                found.append(value)
    return found


def error_links(form) -> list[ErrorLink]:
    """Every error of a form or formset, in the order of its fields, non-field errors first."""
    if isinstance(form, BaseFormSet):
        first = next((_first_target(row) for row in form.forms), None)
        links = [ErrorLink(str(message), first) for message in form.non_form_errors()]
        for row in form.forms:
            links += error_links(row)
        return links
    links = [ErrorLink(str(message), _first_target(form)) for message in form.non_field_errors()]
    for bound in form:
        target = _target(form, bound)
        for message in bound.errors:
            text = f"{bound.label}: {message}" if str(message) == REQUIRED and bound.label else str(message)
            links.append(ErrorLink(text, target))
    return links


def _target(form, bound: forms.BoundField) -> str | None:
    """The id of the control a field's link focuses: its input, or the first of a group's radios."""
    targets = getattr(form, "error_targets", {})
    if bound.name in targets:
        return targets[bound.name]
    if bound.is_hidden or not bound.auto_id:
        return None
    # A radio or checkbox group (or a field in parts) has no single input: its first one is `<id>_0`.
    return bound.id_for_label or f"{bound.auto_id}_0"


def _first_target(form) -> str | None:
    return next((target for bound in form if (target := _target(form, bound))), None)
