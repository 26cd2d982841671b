"""The lessons' long staff lists written in one pass: {% enrolment_rows rows %} and the like.

A page of fifty enrolments spent more time in its template's look-ups per cell than in its SQL; each row here
is one f-string, every value in it escaped."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from tuition.selectors.enrolments import Listed
from tuition.selectors.slots import ListedSlot
from tuition.selectors.waiting_lists import Waiting

register = template.Library()


@register.simple_tag
def enrolment_rows(rows: list[Listed]) -> SafeString:
    """The rows of the staff's enrolment list, from selectors.enrolments.as_listed: the pupil (a link to the
    enrolment), instrument, slot, tutor, when it started and when it ends."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><td><a href="{escape(row.url)}">{escape(row.pupil_name)}</a></td>'
            f"<td>{escape(row.instrument)}</td><td>{escape(row.slot)}</td><td>{escape(row.tutor)}</td>"
            f"<td>{escape(row.started)}</td><td>{escape(row.ends)}</td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def waiting_rows(rows: list[Waiting]) -> SafeString:
    """The rows of the staff's waiting lists, from selectors.waiting_lists.as_shown: a heading row where the
    queue (school and instrument) changes, then each request's position, pupil, age, year group, lesson
    type, level, when they asked, their preferred start and a link to offer them a place."""
    lines, queue = [], None
    for row in rows:
        if row.queue != queue:
            queue = row.queue
            heading = escape(row.queue_name)
            lines.append(f'<tr class="table-group"><td colspan="9"><strong>{heading}</strong></td></tr>')
        cells = (row.position, row.pupil_name, row.age, row.year_group, row.lesson_type, row.level)
        lines.append(
            "<tr>"
            + "".join(f"<td>{escape(str(cell))}</td>" for cell in (*cells, row.asked_on, row.preferred_start))
            + f'<td><a href="{escape(row.offer_url)}">Offer a place<span class="visually-hidden"> to '
            f"{escape(row.pupil_name)}</span></a></td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value in it goes through escape()


_OUT = ' <span class="badge text-bg-secondary">Out of the timetable</span>'


@register.simple_tag
def slot_rows(rows: list[ListedSlot]) -> SafeString:
    """The rows of the staff's slot list, from selectors.slots.as_listed: when (marked if out of the
    timetable), the tutor (a link to their timetable), where, instrument, lesson type, pupils placed, and a
    link to change the slot."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><th scope="row">{escape(row.when)}{"" if row.is_active else _OUT}</th>'
            f'<td><a href="{escape(row.tutor_url)}">{escape(row.tutor_name)}</a></td>'
            f"<td>{escape(row.place)}{' (school pays)' if row.school_pays else ''}</td>"
            f"<td>{escape(row.instrument)}</td><td>{escape(row.lesson_type)}</td><td>{escape(row.placed)}</td>"
            f'<td><a href="{escape(row.edit_url)}">Change<span class="visually-hidden"> the slot '
            f"{escape(row.name)}</span></a></td></tr>"
            for row in rows
        )
    )
