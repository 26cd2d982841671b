"""Finance's long tables written in one pass: {% invoice_rows rows %} and {% debt_rows rows %}.

A list of two hundred invoices spent more time in its template's variable look-ups, filters and includes
per cell than in its SQL; each row here is one f-string, every value in it escaped."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from hub.billing.aged_debt import BANDS
from hub.billing.models import Invoice
from hub.billing.numbering import display_number
from hub.billing.selectors import Status
from hub.calendar import written_date
from hub.money import pounds
from hub.templatetags.portal import id_url

register = template.Library()

# What billing/_status.html shows for each status: (badge classes, what the badge says), the overdue one with
# its warning icon (colour is never the only signal).
_BADGES = {
    Status.PAID: ("text-bg-success", "Paid"),
    Status.OVERDUE: (
        "text-bg-danger",
        '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> Overdue',
    ),
    Status.PART_PAID: ("text-bg-warning", "Part-paid"),
    Status.CREDITED: ("text-bg-secondary", "Credited"),
    Status.ISSUED: ("text-bg-light border", "Issued"),
}
_CREDIT_NOTE = ("text-bg-secondary", "Credit note")


def status_badge(kind: str, status: str) -> str:
    """An invoice's status badge as billing/_status.html writes it, for rows written in Python."""
    badge, label = _BADGES[status] if kind == Invoice.Kind.INVOICE else _CREDIT_NOTE
    return f'<span class="badge {badge}">{label}</span>'


@register.simple_tag
def invoice_rows(rows) -> str:
    """The rows of finance's invoice list, from selectors.as_rows: number (a link), issue date, who is
    billed, their account, due date (none for a credit note), total, outstanding and status."""
    lines = []
    for row in rows:
        is_invoice = row.kind == Invoice.Kind.INVOICE
        badge, status = _BADGES[row.status] if is_invoice else _CREDIT_NOTE
        lines.append(
            f'<tr><td class="text-nowrap"><a href="{id_url("billing:invoice-detail", row.link_id)}">'
            f"{escape(display_number(row.series__code, row.number))}</a></td>"
            f"<td>{written_date(row.issue_date)}</td>"
            f"<td>{escape(row.billed_name)}</td>"
            f"<td>{escape(row.account_reference)}</td>"
            f"<td>{written_date(row.due_date) if is_invoice else '—'}</td>"
            f'<td class="text-end">{pounds(row.total)}</td>'
            f'<td class="text-end">{pounds(row.outstanding) if is_invoice else "—"}</td>'
            f'<td><span class="badge {badge}">{status}</span></td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above


@register.simple_tag
def debt_rows(rows) -> str:
    """The rows of the aged debt report, from aged_debt_rows: the account (a link to its statement), its
    reference and area, what it owes in each age band and in all."""
    lines = []
    for row in rows:
        bands = "".join(f'<td class="text-end text-nowrap">{pounds(row[band])}</td>' for band in BANDS)
        lines.append(
            f'<tr><td><a href="{id_url("billing:account-statement", row["account__public_id"])}">'
            f"{escape(row['account__name'])}</a></td>"
            f'<td class="text-nowrap">{escape(row["account__reference"])}</td>'
            f"<td>{escape(row['account__area__name'] or '—')}</td>"
            f'{bands}<td class="text-end text-nowrap fw-bold">{pounds(row["total"])}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value from the database is escaped above
