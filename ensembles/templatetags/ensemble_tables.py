"""The rows of the ensembles' long tables, written in Python: a template loop over the 67 members of a
county orchestra took about 3 ms, and a page has several."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from ensembles.selectors.attendance import MemberRate
from ensembles.selectors.membership import RollMember

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
