"""The staff's lists of schools and of pupils, their rows written in Python: a page of fifty went through a
template loop with a {% url %} and filters a row."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from hub.billing.numbering import display_number
from hub.calendar import written_date
from hub.models.calendar import year_group_label
from hub.money import pounds
from hub.templatetags.portal import id_url
from schools.models import School, Subscription

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


@register.simple_tag
def order_items(rows, linked: bool) -> str:
    """{% order_items orders nav.can_money %}: the staff's page of a school lists its orders (rows of
    selectors.orders.orders_listed), each year a link to the order for those who see money."""
    statuses, instalments = dict(Subscription.Status.choices), dict(Subscription.Instalments.choices)
    items = []
    for row in rows:
        year = escape(row.catalogue__financial_year__name)
        if linked:
            year = f'<a href="{id_url("schools:order-detail", row.public_id)}">{year}</a>'
        items.append(
            f"<li>{year}: {escape(row.package__name or 'no package')}, "
            f"{escape(statuses.get(row.status, row.status).lower())}, "
            f"{escape(instalments.get(row.instalments, str(row.instalments)).lower())}</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value from the database is escaped above


@register.simple_tag
def latest_invoice_rows(rows) -> str:
    """{% latest_invoice_rows invoices %}: the staff's page of a school shows its latest invoices (rows of
    selectors.money.invoice_rows), each number a link to finance's page of it."""
    return mark_safe(  # noqa: S308 - every value from the database is escaped above
        "\n".join(
            f'<tr><td class="text-nowrap"><a href="{id_url("billing:invoice-detail", row.link_id)}">'
            f"{escape(display_number(row.series__code, row.number))}</a></td>"
            f"<td>{written_date(row.issue_date, '')}</td>"
            f'<td class="text-end">{pounds(row.total)}</td>'
            f'<td class="text-end">{pounds(row.outstanding)}</td>'
            f"<td>{escape(capfirst(row.status))}</td></tr>"
            for row in rows
        )
    )
