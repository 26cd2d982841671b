"""Tables that may scroll sideways on a phone, all wrapped the one way a keyboard can reach (WCAG 2.1.1)."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_block_tag
def scrolling_table(content: str, label: str) -> str:
    """{% scrolling_table "Contacts table" %}<table>…</table>{% endscrolling_table %}: Tab reaches it."""
    return render_to_string("_scrolling_table.html", {"label": label, "table": content})
