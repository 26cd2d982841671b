import functools
import uuid
from html import escape

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from hub.calendar import written_date
from hub.models.calendar import key_stage_label, year_group_label
from hub.money import pounds

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


def _audit_change(field: str, values) -> str:
    old, new = values
    return (
        f"<li><strong>{escape(field_label(field))}</strong>: {escape(audit_value(old))} "
        f'<span aria-hidden="true">→</span><span class="visually-hidden">changed to</span> '
        f"{escape(audit_value(new))}</li>"
    )


@register.simple_tag
def audit_trail_rows(rows) -> str:
    """{% audit_trail_rows page %}: the audit trail's rows (hub.selectors.AuditRow), every value escaped,
    written in one pass: a page of fifty, each with its changes, spent milliseconds in a template's loops."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><td class="text-nowrap">{escape(row.when)}</td><td>{escape(row.who)}</td>'
            f"<td>{escape(row.what)}</td><td>{escape(row.record)}</td>"
            '<td><ul class="list-unstyled mb-0">'
            + "".join(_audit_change(field, values) for field, values in row.changes.items())
            + "</ul></td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def staff_rows(rows) -> str:
    """{% staff_rows staff %}: the staff list's rows (hub.selectors.StaffRow), each name a link to its page,
    every value escaped, written in one pass: a county's hundred and more staff spent milliseconds in a
    template loop's look-ups and filters."""
    before, after = _around_an_id("hub:staff-edit")
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><td><a href="{before}{row.public_id}{after}">{escape(row.name)}</a></td>'
            f"<td>{escape(row.email)}</td><td>{escape(', '.join(row.roles))}</td>"
            f"<td>{escape(', '.join(row.instruments) or 'None')}</td>"
            f"<td>{written_date(row.dbs_checked_on, 'Not recorded')}</td></tr>"
            for row in rows
        )
    )


@register.filter
def dmy(value, empty: str = "—") -> str:
    """{{ day|dmy }} -> "07/12/2026", as |date:"d/m/Y" writes it without its look-up of the locale's formats
    (a tenth of a millisecond a call: a history of forty rows spent milliseconds in them); a date and time
    is shown in local time. `empty` is shown for none: {{ day|dmy:"Still away" }}."""
    return written_date(value, empty)


@register.filter
def money(value) -> str:
    """{{ amount|money }} -> "£1,234.50"; a negative sum as "−£12.00"."""
    return pounds(value)


@register.simple_tag
def options(items, value: str, label: str, chosen=None) -> str:
    """A long select's options in one join, not a template loop: {% options schools "urn" "name" chosen %}.

    A county lists hundreds of schools: a loop in the template, or format_html per option, costs tens of
    milliseconds a page; escaping each value and label with the standard library costs about one.
    """
    chosen = "" if chosen is None else str(chosen)
    parts = []
    for item in items:
        key = str(getattr(item, value))
        selected = " selected" if key == chosen else ""
        parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(getattr(item, label)))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


@functools.cache
def _around_an_id(name: str) -> tuple[str, str]:
    """What a URL taking one id has before and after it: reversed once a process, with a stand-in id (a
    UUID, or a number for a URL that takes one, such as a school's URN)."""
    try:
        url, stand_in = reverse(name, args=[_STAND_IN]), str(_STAND_IN)
    except NoReverseMatch:
        url, stand_in = reverse(name, args=[_NUMBER_STAND_IN]), str(_NUMBER_STAND_IN)
    before, _, after = url.partition(stand_in)
    return before, after


_STAND_IN = uuid.UUID(int=0)
_NUMBER_STAND_IN = 987654321


@register.simple_tag
def id_url(name: str, value) -> str:
    """{% id_url "tuition:slot-edit" slot.public_id %}: as {% url %} for a URL whose one argument is an id,
    without a reverse() per row (a list of fifty rows spends milliseconds in them). The portal is served
    at the root of its site, so a URL never changes with the request."""
    before, after = _around_an_id(name)
    return f"{before}{value}{after}"
