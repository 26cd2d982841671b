"""{% order_rows rows %}: finance's list of SLA orders written in one pass, every value in it escaped: a
template loop with a link, a filter and an include a row took longer than the page's SQL."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from hub.calendar import written_date
from hub.money import pounds
from hub.templatetags.portal import id_url
from schools.models import Subscription

register = template.Library()

# What schools/sla/_status.html shows for each status.
_BADGES = {
    Subscription.Status.APPROVED: "text-bg-success",
    Subscription.Status.SUBMITTED: "text-bg-primary",
    Subscription.Status.RETURNED: "text-bg-warning",
}
_LABELS = dict(Subscription.Status.choices)


@register.simple_tag
def order_rows(rows) -> str:
    """The rows of selectors.orders.with_totals: the school (a link to the order), the year, the package,
    the instalments, the total, the status and when it was submitted."""
    lines = []
    for row, total in rows:
        badge = _BADGES.get(row.status, "text-bg-secondary")
        lines.append(
            f'<tr><td><a href="{id_url("schools:order-detail", row.public_id)}">'
            f"{escape(row.school__name)}</a></td>"
            f"<td>{escape(row.catalogue__financial_year__name)}</td>"
            f"<td>{escape(row.package__name or '—')}</td>"
            f"<td>{row.instalments}</td>"
            f'<td class="text-end">{pounds(total)}</td>'
            f'<td><span class="badge {badge}">{escape(_LABELS.get(row.status, row.status))}</span></td>'
            f"<td>{written_date(row.submitted_at)}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above


@register.simple_tag
def delivery_order_rows(rows) -> str:
    """The rows of selectors.delivery.approved_orders_page: the school (a link to record delivery against
    the order), its URN, the year and the package."""
    return mark_safe(  # noqa: S308 - every value from the database is escaped
        "\n".join(
            f'<tr><td><a href="{id_url("schools:delivery-add", row.public_id)}">'
            f"{escape(row.school__name)}</a></td><td>{row.school__urn}</td><td>{escape(row.catalogue__financial_year__name)}</td>"
            f"<td>{escape(row.package__name or '—')}</td></tr>"
            for row in rows
        )
    )
