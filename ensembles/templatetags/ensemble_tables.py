"""The rows of the ensembles' long tables, written in Python: a template loop over the 67 members of a
county orchestra took about 3 ms, and a page has several."""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from ensembles.selectors.attendance import MemberRate
from ensembles.selectors.membership import RollMember
from hub.templatetags.portal import id_url

register = template.Library()


@register.simple_tag
def rate_rows(rates: list[MemberRate], threshold: int) -> SafeString:
    """{% rate_rows rates threshold %}: a row a member (name, section, attended, marked, rate), a rate under
    the threshold badged; every name written through escape()."""
    badge = f' <span class="badge text-bg-warning">Below {threshold}%</span>'
    return mark_safe(  # noqa: S308 - every value in it goes through escape() or is a number
        "\n".join(
            f'<tr><th scope="row">{escape(row.name)}</th><td>{escape(row.section)}</td>'
            f'<td class="text-end">{row.attended}</td><td class="text-end">{row.marked}</td>'
            f'<td class="text-end">{escape(row.rate_shown)}'
            f"{badge if row.rate is not None and row.rate < threshold else ''}</td></tr>"
            for row in rates
        )
    )


def _roll_cells(member: RollMember) -> str:
    return (
        f'<tr><th scope="row">{escape(member.name)}</th><td>{escape(member.instrument)}</td>'
        f"<td>{escape(member.school)}</td><td>{escape(member.born)}</td><td>{escape(member.payer)}</td>"
        f"<td>{escape(member.joined_on)}</td>"
    )


@register.simple_tag
def roll_rows(members: list[RollMember], left: list[RollMember], leave_url_base: str) -> SafeString:
    """{% roll_rows row.members row.left leave_url_base %}: a section's members, each with a link to record
    their leaving, then those who left, with when and why; every value written through escape()."""
    base = escape(leave_url_base)
    staying = [
        f'{_roll_cells(member)}<td><a href="{base}{member.public_id}/leave/">Record leaving'
        f'<span class="visually-hidden"> for {escape(member.name)}</span></a></td></tr>'
        for member in members
    ] or ['<tr><td colspan="7">No members yet.</td></tr>']
    gone = [
        f"{_roll_cells(member)}<td>Left on {escape(member.left_on)}: {escape(member.leave_reason)}</td></tr>"
        for member in left
    ]
    return mark_safe("\n".join(staying + gone))  # noqa: S308 - every value in it goes through escape()


@register.simple_tag
def ensemble_rows(ensembles) -> SafeString:
    """{% ensemble_rows ensembles %}: the staff list's rows (each with `section_count` and its area read),
    the name linking to the ensemble's page; every value written through escape()."""
    rows = []
    for ensemble in ensembles:
        url = id_url("ensembles:ensemble-detail", ensemble.slug)
        area = escape(ensemble.area.name) if ensemble.area else "County-wide"
        rows.append(
            f'<tr><th scope="row"><a href="{url}">{escape(ensemble.name)}</a></th>'
            f"<td>{escape(ensemble.get_level_display())}</td><td>{area}</td>"
            f'<td class="text-nowrap">{ensemble.min_age} to {ensemble.max_age}</td>'
            f'<td class="text-nowrap">{ensemble.min_grade} to {ensemble.max_grade}</td>'
            f"<td>{escape(ensemble.when)}</td><td>{ensemble.section_count}</td>"
            f"<td>{'Yes' if ensemble.is_active else 'No'}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in it goes through escape() or is a number


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register.simple_tag(takes_context=True)
def schedule_rows(context, dates) -> SafeString:
    """{% schedule_rows dates %}: the schedule's rows (a date, its times, what and where, and a link to call
    it off or a button to put it back on), the dates as the date filter writes "D j M Y" and "j F", every
    text through escape(), the form's token by {% csrf_token %}'s own node. A template loop with filters and
    {% url %} a row took about a millisecond for a term's dozen dates."""
    token = ""
    rows = []
    for item in dates:
        day, name = item.date, escape(item.name)
        month = _MONTHS[day.month - 1]
        url = id_url("ensembles:rehearsal-cancel", item.public_id)
        hidden = f'<span class="visually-hidden"> {name} on {day.day} {month}</span>'
        if item.cancelled:
            token = token or CsrfTokenNode().render(context)
            badge = ' <span class="badge text-bg-warning">Called off</span>'
            action = (
                f'<form method="post" action="{url}" class="d-inline">{token}'
                '<input type="hidden" name="reinstate" value="1">'
                f'<button type="submit" class="btn btn-link p-0">Put back on{hidden}</button></form>'
            )
        else:
            badge, action = "", f'<a href="{url}">Call off{hidden}</a>'
        rows.append(
            f'<tr><th scope="row" class="text-nowrap">{_DAYS[day.weekday()]} {day.day} {month[:3]} {day.year}'
            f'</th><td class="text-nowrap">{item.starts_at:%H:%M} to {item.ends_at:%H:%M}</td>'
            f"<td>{name}{badge}</td><td>{escape(item.venue)}</td>"
            f'<td class="text-nowrap">{action}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text in it goes through escape()
