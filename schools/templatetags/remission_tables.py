"""{% award_rows page %}: the remission queue's rows written in one pass, every value in it escaped: a
template loop with a link, a date filter and a name look-up a row took longer than the page's SQL."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from hub.templatetags.portal import id_url
from schools.models import RemissionAward

register = template.Library()

_STATUSES = dict(RemissionAward.Status.choices)
# As the date filter's "M" writes a month in English.
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.simple_tag
def award_rows(rows) -> str:
    """The rows of selectors.remissions.award_queue_page: the child (a link to the application), their
    school, the kind of help, the year, when and by whom it was applied for, and its status."""
    lines = []
    for row in rows:
        applied = timezone.localtime(row.applied_at)
        when = f"{applied.day} {_MONTHS[applied.month]} {applied.year}"
        if row.applied_by is not None:
            name = (
                f"{row.applied_by__first_name} {row.applied_by__last_name}".strip() or row.applied_by__email
            )
            when += f" by {escape(name)}"
        school = (
            row.pupil__school__name if row.pupil__school__name is not None else row.pupil__other_school_name
        )
        lines.append(
            f'<tr><td><a href="{id_url("schools:remission-detail", row.public_id)}">'
            f"{escape(row.pupil__last_name)}, {escape(row.pupil__first_name)}</a></td>"
            f"<td>{escape(school)}</td><td>{escape(row.category__name)}</td>"
            f"<td>{escape(row.academic_year__name)}</td><td>{when}</td>"
            f"<td>{escape(_STATUSES.get(row.status, row.status))}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above
