"""The attendance page's table of every member, written in Python: a template loop took about 3 ms for the
67 rows of a county orchestra."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from ensembles.selectors.attendance import MemberRate

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
