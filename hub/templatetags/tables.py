"""Tables that may scroll sideways on a phone, all wrapped the one way a keyboard can reach (WCAG 2.1.1)."""

from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_block_tag
def scrolling_table(content: str, label: str) -> str:
    """{% scrolling_table "Contacts table" %}<table>…</table>{% endscrolling_table %}: Tab reaches it."""
    return render_to_string("_scrolling_table.html", {"label": label, "table": content})


@register.simple_tag
def figure_rows(rows) -> str:
    """{% figure_rows rows %}: the rows of a table of figures, each `(name, [figure, ...])` with its figures
    already written ("1,234", "£56.00"), as `<tr><th scope="row">name</th><td class="text-end">…</td></tr>`,
    every name and figure escaped. Written in one pass, not by a template loop or format_html per cell: a
    report of a county's hundreds of schools spent tens of milliseconds in their look-ups."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><th scope="row">{escape(str(name))}</th>'
            + "".join(f'<td class="text-end">{escape(str(figure))}</td>' for figure in figures)
            + "</tr>"
            for name, figures in rows
        )
    )


@register.simple_tag
def termly_fee_rows(form) -> str:
    """{% termly_fee_rows form %}: a year's fees form's rows (`form.rows()`: each thing with its field), as
    `<tr><th scope="row"><label>name</label></th><td>input and errors</td></tr>`, the errors as
    _field_errors.html writes them. Written in one pass, not by a template loop with an include a row: sixty
    ensembles took about two milliseconds in the loop's look-ups."""
    return mark_safe(  # noqa: S308 - every name and error goes through escape(); the inputs are Django's
        "\n".join(
            f'<tr><th scope="row"><label for="{escape(field.id_for_label)}">{escape(str(item.name))}</label>'
            f"</th><td>{field}{_field_errors(field)}</td></tr>"
            for item, field in form.rows()
        )
    )


def _field_errors(field) -> str:
    """A field's errors, as _field_errors.html writes them (the id its input's aria-describedby names)."""
    if not field.errors:
        return ""
    errors = "".join(
        f'<p class="mb-1"><span class="visually-hidden">Error:</span> <strong>{conditional_escape(error)}'
        "</strong></p>"
        for error in field.errors
    )
    return f'<div id="{escape(field.auto_id)}_error" class="invalid-feedback d-block">{errors}</div>'
