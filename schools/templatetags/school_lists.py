"""The staff's lists of schools and of pupils, their rows written in Python: a page of fifty went through a
template loop with a {% url %} and filters a row."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from hub.models.calendar import year_group_label
from hub.templatetags.portal import id_url
from schools.models import School

register = template.Library()


@register.simple_tag
def school_rows(rows) -> str:
    """{% school_rows page %}: rows of `as_listed`, each school's name a link to its page, every value
    escaped."""
    statuses = dict(School.Status.choices)
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><td><a href="{id_url("schools:staff-school-detail", row.urn)}">{escape(row.name)}</a></td>'
            f"<td>{row.urn}</td><td>{escape(row.phase)}</td><td>{escape(row.area__name or '—')}</td>"
            f"<td>{'—' if row.number_on_roll is None else f'{row.number_on_roll:,}'}</td>"
            f"<td>{escape(statuses.get(row.status, row.status))}</td><td>{row.contact_count:,}</td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def pupil_rows(rows, year) -> str:
    """{% pupil_rows page year %}: rows of `pupil_page`, each name a link to the pupil's page, the year
    group in `year` (none shown without an academic year), every value escaped."""
    return mark_safe(  # noqa: S308 - every value in it goes through escape()
        "\n".join(
            f'<tr><td><a href="{id_url("schools:staff-pupil-detail", row.public_id)}">'
            f"{escape(row.last_name)}, {escape(row.first_name)}</a></td>"
            f"<td>{year_group_label(year.year_group_of(row.date_of_birth)) if year else ''}</td>"
            f"<td>{escape(row.school__name or row.other_school_name)}</td></tr>"
            for row in rows
        )
    )
