from decimal import Decimal

from django import template

from hub.models.calendar import key_stage_label, year_group_label
from hub.money import round_money

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


@register.filter
def audit_value(value) -> str:
    """A value from an audit entry as a person reads it: lists joined, nothing shown as a dash."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


@register.filter
def field_label(name: str) -> str:
    """`dbs_checked_on` -> "Dbs checked on", close enough for a field name in the audit trail."""
    return name.replace("_", " ").capitalize()


@register.filter
def money(value) -> str:
    """{{ amount|money }} -> "£1,234.50"; a negative sum as "−£12.00"."""
    if value in (None, ""):
        return "—"
    amount = round_money(Decimal(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
