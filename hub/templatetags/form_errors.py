"""The error pattern's two tags, both in templates/base.html: `error_title_prefix` and `error_summary`.

Each reads the forms and formsets the view passed to its template, so that every form page gets the
pattern without a line of its own (hub/form_errors.py).
"""

from django import template

from hub.form_errors import error_links, invalid_forms

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when a form on the page has errors, for the start of the page's title."""
    return "Error: " if invalid_forms(context.flatten().values()) else ""


@register.inclusion_tag("_error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    """The box at the top of the page listing every error of the page's forms, each linked to its field."""
    forms = invalid_forms(context.flatten().values())
    return {"links": [link for form in forms for link in error_links(form)]}
