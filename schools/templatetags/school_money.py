"""{% school_invoice_rows rows school %}: a school's invoices as its contacts read them, written in one pass,
every value in it escaped: an include, two {% url %} and the filters a row took more than the page's SQL."""

import uuid
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from hub.billing.models import Invoice
from hub.billing.numbering import display_number
from hub.calendar import written_date
from hub.money import pounds
from hub.templatetags.billing_tables import status_badge

register = template.Library()

_STAND_IN = str(uuid.UUID(int=0))


@register.simple_tag
def school_invoice_rows(rows, school) -> str:
    """The rows of selectors.money.invoice_rows as billing/_invoice_row.html writes them: the number (a link
    to the invoice), what it is for, issue and due dates, total, outstanding, status and a link to its PDF."""
    detail = reverse("schools:school-invoice-detail", args=[school.urn, _STAND_IN])
    pdf = reverse("schools:school-invoice-pdf", args=[school.urn, _STAND_IN])
    lines = []
    for row in rows:
        is_invoice = row.kind == Invoice.Kind.INVOICE
        number, link = escape(display_number(row.series__code, row.number)), row.link_id
        lines.append(
            f'<tr><td class="text-nowrap"><a href="{detail.replace(_STAND_IN, link)}">{number}</a></td>'
            f"<td>{escape(row.title) or '—'}</td>"
            f"<td>{written_date(row.issue_date, '')}</td>"
            f"<td>{written_date(row.due_date, '') if is_invoice else '—'}</td>"
            f'<td class="text-end">{pounds(row.total)}</td>'
            f'<td class="text-end">{pounds(row.outstanding) if is_invoice else "—"}</td>'
            f"<td>{status_badge(row.kind, row.status)}</td>"
            f'<td><a href="{pdf.replace(_STAND_IN, link)}">PDF'
            f'<span class="visually-hidden"> of {number}</span></a></td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above
