"""The instrument store's long lists (the inventory, the hire queues, the overdue hires), their rows written
in Python from the selectors' rows of plain values: a page of fifty rows spent milliseconds in a template
loop's look-ups, a third of the page's time."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def inventory_rows(rows) -> str:
    """{% inventory_rows page %}: rows of instruments.selectors.inventory.as_shown, every value escaped."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><th scope="row" class="text-nowrap">'
            f'<a href="{escape(row.url)}">{escape(row.asset_tag)}</a></th>'
            f"<td>{escape(row.instrument)}</td><td>{escape(row.make_and_model or '—')}</td>"
            f"<td>{escape(row.condition)}</td><td>{escape(row.status)}</td><td>{escape(row.location)}</td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def queue_rows(rows) -> str:
    """{% queue_rows page %}: rows of instruments.selectors.queue.as_shown, a heading row where the queue
    (type and size) changes, every value escaped."""
    parts, queue = [], None
    for row in rows:
        if row.queue != queue:
            queue = row.queue
            parts.append(
                f'<tr class="table-group"><td colspan="7"><strong>{escape(row.queue_name)}</strong>: '
                f"{row.in_stock} in stock</td></tr>"
            )
        pupil = escape(row.pupil_name)
        parts.append(
            f"<tr><td>{row.position}</td><td>{pupil}</td><td>{row.age}</td><td>{escape(row.school)}</td>"
            f"<td>{escape(row.guardian)}</td><td>{escape(row.asked_on)}</td>"
            f'<td><a href="{escape(row.allocate_url)}">Allocate'
            f'<span class="visually-hidden"> an instrument to {pupil}</span></a></td></tr>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value in it goes through escape()


def _contact(row) -> str:
    if not (row.contact or row.email):
        return "The school's contacts"
    written = escape(row.contact)
    if row.email:
        email = escape(row.email)
        written += f'<br><a href="mailto:{email}">{email}</a>'
    if row.phone:
        written += f"<br>{escape(row.phone)}"
    return written


@register.simple_tag
def overdue_rows(rows) -> str:
    """{% overdue_rows page %}: rows of instruments.selectors.overdue.as_shown, every value escaped."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><th scope="row"><a href="{escape(row.url)}">{escape(row.asset_tag)}</a></th>'
            f"<td>{escape(row.instrument)}</td><td>{escape(row.held_by)}</td><td>{_contact(row)}</td>"
            f"<td>{escape(row.checked_out_on)}</td><td>{escape(row.due_back_on)}</td>"
            f"<td>{escape(row.days_overdue)}</td><td>{escape(row.reminded_on)}</td></tr>"
            for row in rows
        )
    )
