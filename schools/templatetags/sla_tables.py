"""{% order_rows rows %}: finance's list of SLA orders written in one pass, every value in it escaped: a
template loop with a link, a filter and an include a row took longer than the page's SQL."""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.utils.safestring import mark_safe

from hub.calendar import written_date
from hub.money import PENNY, pounds
from hub.templatetags.portal import id_url
from schools.models import Service, Subscription

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


def _quantity(value: Decimal) -> str:
    """A quantity as |floatformat:"-2" writes it: 3 for 3.00, 2.50 for 2.5."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(PENNY, rounding=ROUND_HALF_UP))


@register.simple_tag
def usage_rows(rows) -> str:
    """{% usage_rows usage %}: the rows of delivery.usage_for (bought, delivered and remaining a service, an
    overrun flagged in words), every value in it escaped: a filter a cell took most of the table's time."""
    units = dict(Service.Unit.choices)
    lines = []
    for row in rows:
        service = row.service
        left = (
            f'0 <span class="badge text-bg-warning">over by {_quantity(row.over_by)}</span>'
            if row.is_over
            else _quantity(row.remaining)
        )
        lines.append(
            f'<tr><th scope="row" class="fw-normal">{escape(service.name)}</th>'
            f"<td>{escape(str(units.get(service.unit, service.unit)))}</td>"
            f'<td class="text-end">{_quantity(row.bought)}</td>'
            f'<td class="text-end">{_quantity(row.delivered)}</td>'
            f'<td class="text-end">{left}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above


@register.simple_tag
def service_options(services, chosen, show_prices: bool = False) -> str:
    """{% service_options services field.value show_prices %}: a service row's options, each service's name
    (with its price a unit on an order), the chosen one selected: the options of every row of a form were a
    template loop with four filters an option."""
    units = dict(Service.Unit.choices)
    chosen = str(chosen)
    options = []
    for service in services:
        label = escape(service.name)
        if show_prices:
            unit = escape(str(units.get(service.unit, service.unit)).lower())
            label += f" ({pounds(service.unit_price)} per {unit})"
        selected = " selected" if str(service.pk) == chosen else ""
        options.append(f'<option value="{service.pk}"{selected}>{label}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every value from the database is escaped above


@register.simple_tag
def package_items(package) -> str:
    """{% package_items package %}: what a package includes, "10 hours of Teaching; 2 sessions of CPD", from
    its prefetched items (catalogue.packages_of), every value in it escaped."""
    units = dict(Service.Unit.choices)
    parts = []
    for item in package.items.all():
        unit = escape(str(units.get(item.service.unit, item.service.unit)).lower())
        plural = "" if item.quantity == 1 else "s"
        parts.append(f"{_quantity(item.quantity)} {unit}{plural} of {escape(item.service.name)}")
    return mark_safe("; ".join(parts))  # noqa: S308 - every value from the database is escaped above
