"""A register row's mark buttons, as tuition's and the ensembles' registers take marks: one tap each."""

import functools
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PRESENT = "present"
_TICK = '<i class="bi bi-check-lg" aria-hidden="true"></i> '
_WHO = "\x00"  # where each row's name goes in its buttons: no escaped name holds it


@functools.lru_cache(maxsize=256)
def _buttons(field: str, mark: str | None, others: tuple[tuple[str, str, bool], ...]) -> str:
    """The buttons for a row with that mark, its name left out: a register's rows share a few of these."""
    field = escape(field)
    present = mark == PRESENT
    other = bool(mark) and not present
    pressed_present = "true" if present else "false"
    buttons = "".join(
        f'<button type="submit" name="{field}" value="{escape(str(value))}" '
        f'aria-pressed="{"true" if pressed else "false"}"\n'
        f'            class="btn {"btn-dark" if pressed else "btn-outline-dark"}">{_TICK if pressed else ""}'
        f'{escape(str(label))}<span class="visually-hidden">: {_WHO}</span></button>\n'
        for value, label, pressed in others
    )
    return (
        f'<button type="submit" name="{field}" value="present" aria-pressed="{pressed_present}"\n'
        f'        class="btn btn-lg {"btn-success" if present else "btn-outline-success"}">'
        f'{_TICK if present else ""}Present<span class="visually-hidden">: {_WHO}</span></button>\n'
        '<details class="register-other">\n'
        f'  <summary class="btn btn-lg {"btn-secondary" if other else "btn-outline-secondary"}">'
        f'{_TICK if other else ""}Other<span class="visually-hidden"> marks for {_WHO}</span></summary>\n'
        f'  <div class="d-flex flex-wrap gap-2 mt-2">\n{buttons}  </div>\n</details>'
    )


def mark_buttons_html(field: str, mark: str | None, others, name: str) -> SafeString:
    """The buttons of one row: "Present", and "Other" opening the row's other marks, each `others` item a
    (value, label, pressed); `name` says whom they mark, for screen readers. Written in Python, not by a
    template a row (a register of seventy spent about ten milliseconds including one), from the few sets
    of buttons a register's marks make, with each row's name put in."""
    html = _buttons(field, mark, tuple((str(v), str(lb), bool(p)) for v, lb, p in others))
    return mark_safe(html.replace(_WHO, escape(name)))  # noqa: S308 - the buttons and the name are escaped


@register.simple_tag
def mark_buttons(field: str, mark: str | None, others, name: str) -> SafeString:
    """{% mark_buttons "code" mark row.others name %}: see mark_buttons_html."""
    return mark_buttons_html(field, mark, others, name)


def csrf_input(token: str) -> str:
    """The hidden field as {% csrf_token %} writes it, for rows written in Python: nothing where the request
    has no token."""
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
