"""A lesson's register rows, written in Python: a register (and the tutor's Today page, every lesson of the
day) lists each pupil with their mark buttons, and the row alone comes back when a pupil is marked (htmx)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hub.templatetags.registers import csrf_input, mark_buttons_html
from tuition.selectors.registers import Register, RegisterRow
from tuition.selectors.week import ShownRegister

register = template.Library()

_MARKED = '<i class="bi bi-check2-circle" aria-hidden="true"></i> Marked: '


def register_row_html(row: RegisterRow, mark_url: str, back: str, csrf_token: str, error: str | None) -> str:
    """One pupil's row: their name and mark, and a form of mark buttons posting to `mark_url`. A template
    a row took milliseconds for a day's lessons."""
    pupil = row.pupil
    name = f"{pupil.first_name} {pupil.last_name}"
    mark = row.attendance.code if row.attendance else None
    state = _MARKED + escape(row.attendance.get_code_display()) if row.attendance else "Not marked yet"
    url, enrolment = escape(mark_url), row.enrolment.public_id
    alert = f'<p class="text-danger mb-0 mt-2" role="alert">{escape(error)}</p>' if error else ""
    return (
        f'<li class="list-group-item register-row" id="row-{enrolment}">\n'
        '  <div class="d-flex flex-column flex-md-row justify-content-between align-items-md-center gap-2">\n'
        f'    <div>\n      <span class="fw-semibold">{escape(name)}</span>\n'
        f'      <span class="d-block small">{state}</span>\n    </div>\n'
        f'    <form method="post" action="{url}" class="d-flex flex-wrap align-items-start gap-2"\n'
        f'          hx-post="{url}" hx-target="closest li" hx-swap="outerHTML">\n'
        f"      {csrf_input(csrf_token)}\n"
        f'      <input type="hidden" name="enrolment" value="{enrolment}">\n'
        f'      <input type="hidden" name="back" value="{escape(back)}">\n'
        f"      {mark_buttons_html('code', mark, row.others, name)}\n    </form>\n  </div>\n  {alert}\n</li>"
    )


@register.simple_tag(takes_context=True)
def register_section(context, lesson: Register, show_link: bool = False) -> SafeString:
    """{% register_section register show_link %}: a lesson's register, its heading (when, what, where, the
    lesson type and how many pupils, with a link to the register on the Today page) and its rows, written
    in one pass: the Today page lists every lesson of the tutor's day."""
    slot, count = lesson.slot, len(lesson.rows)
    anchor, starts = f"lesson-{slot.public_id}", f"{slot.starts_at:%H:%M}"
    link = ""
    if show_link:
        url = reverse("tuition:register", args=[slot.public_id, lesson.day])
        link = f' · <a href="{url}">Open the register<span class="visually-hidden"> for {starts}</span></a>'
    if lesson.rows:
        token, back = str(context.get("csrf_token", "")), str(context.get("back", ""))
        rows = "\n".join(register_row_html(row, lesson.mark_url, back, token, None) for row in lesson.rows)
    else:
        rows = '<li class="list-group-item">No pupils are placed in this lesson.</li>'
    return mark_safe(  # noqa: S308 - every value from the database goes through escape()
        f'<section class="mb-4" aria-labelledby="{anchor}">\n'
        f'  <h2 class="h5 mb-1" id="{anchor}">{starts} to {slot.ends_at:%H:%M}: '
        f"{escape(str(slot.instrument))} at {escape(slot.place)}</h2>\n"
        f'  <p class="small mb-2">{escape(slot.lesson_type.name)} · {count} pupil{"" if count == 1 else "s"}'
        f"{link}</p>\n"
        f'  <ul class="list-group">\n{rows}\n  </ul>\n</section>'
    )


@register.simple_tag(takes_context=True)
def register_rows(context, rows: list[RegisterRow], mark_url: str, error: str | None = None) -> SafeString:
    """{% register_rows register.rows register.mark_url %}: the rows, each as register_row_html writes it,
    posting back to the page named by `back` in the context."""
    token, back = str(context.get("csrf_token", "")), str(context.get("back", ""))
    return mark_safe(  # noqa: S308 - register_row_html escapes every value it writes
        "\n".join(register_row_html(row, mark_url, back, token, error) for row in rows)
    )


_TO_MARK = '<i class="bi bi-exclamation-circle" aria-hidden="true"></i> '
_ALL_MARKED = '<i class="bi bi-check2-all" aria-hidden="true"></i> '


@register.simple_tag
def register_items(items: list[ShownRegister]) -> SafeString:
    """{% register_items page.object_list %}: the term's registers list, each a link to the register with
    how many of its pupils are still to mark. Forty a page, written in one pass, not a template loop."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            '<li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
            f'<a href="{escape(item.url)}">{escape(item.day)}, {escape(item.time)} {escape(item.lesson)}</a>'
            + (
                f"<span>{_TO_MARK}{item.unmarked} of {item.pupils} to mark</span>"
                if item.unmarked
                else f"<span>{_ALL_MARKED}All {item.pupils} marked</span>"
            )
            + "</li>"
            for item in items
        )
    )


@register.simple_tag
def pupil_items(pupils: list[str]) -> SafeString:
    """{% pupil_items week.pupils %}: a tutor's pupils as list items. A hundred names escaped in one pass,
    where the join filter took half a dozen calls a name."""
    return mark_safe("".join([f"<li>{escape(name)}</li>" for name in pupils]))  # noqa: S308 - each escaped
