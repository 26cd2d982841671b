from django import template

from hub.models.calendar import key_stage_label, year_group_label

register = template.Library()


@register.filter
def year_group(pupil, academic_year) -> str:
    """{{ pupil|year_group:year }} -> "Year 4"."""
    return year_group_label(academic_year.year_group_of(pupil.date_of_birth))


@register.filter
def key_stage(pupil, academic_year) -> str:
    return key_stage_label(academic_year.year_group_of(pupil.date_of_birth))


@register.simple_tag(takes_context=True)
def page_url(context, page_number) -> str:
    """The current URL with its query string kept and the page number changed."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"
