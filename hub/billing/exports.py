"""CSV exports of invoices and payments for the council's finance system, produced row by row."""

import csv
import datetime
from collections.abc import Iterator

from hub.billing.models import Invoice, Payment
from hub.billing.selectors import with_amounts
from hub.csv_files import spreadsheet_text

INVOICE_COLUMNS = [
    "type",
    "number",
    "date",
    "due_date",
    "account_reference",
    "name",
    "credits_invoice",
    "net",
    "vat",
    "total",
    "paid",
    "outstanding",
]
PAYMENT_COLUMNS = [
    "type",
    "invoice_number",
    "date",
    "account_reference",
    "name",
    "amount",
    "method",
    "reference",
]
CHUNK = 2000


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def invoice_rows(date_from: datetime.date, date_to: datetime.date) -> Iterator[list]:
    """Invoices and credit notes issued in the range, oldest first; credit notes' amounts negative."""
    invoices = with_amounts(
        Invoice.objects.filter(issue_date__range=(date_from, date_to)).select_related(
            "series", "credits__series"
        )
    ).order_by("issue_date", "series__code", "number")
    for invoice in invoices.iterator(chunk_size=CHUNK):
        sign = 1 if invoice.kind == Invoice.Kind.INVOICE else -1
        yield [
            "invoice" if sign == 1 else "credit_note",
            invoice.display_number,
            invoice.issue_date.isoformat(),
            invoice.due_date.isoformat(),
            spreadsheet_text(invoice.account_reference),
            spreadsheet_text(invoice.billed_name),
            invoice.credits.display_number if invoice.credits_id else "",
            sign * invoice.net,
            sign * invoice.vat,
            sign * invoice.total,
            invoice.paid,
            invoice.outstanding,
        ]


def payment_rows(date_from: datetime.date, date_to: datetime.date) -> Iterator[list]:
    """Payments received in the range, oldest first."""
    payments = (
        Payment.objects.filter(received_on__range=(date_from, date_to))
        .select_related("invoice__series", "account")
        .order_by("received_on", "id")
    )
    for payment in payments.iterator(chunk_size=CHUNK):
        yield [
            "payment",
            payment.invoice.display_number,
            payment.received_on.isoformat(),
            spreadsheet_text(payment.account.reference),
            spreadsheet_text(payment.account.name),
            payment.amount,
            payment.get_method_display(),
            spreadsheet_text(payment.reference),
        ]


def csv_lines(what: str, date_from: datetime.date, date_to: datetime.date) -> Iterator[str]:
    """The export as lines of CSV text, header first."""
    # Every text field quoted, amounts bare: a field holding the reader's delimiter (say "Oakfield;=1+1")
    # stays one field, whichever delimiter a spreadsheet guesses.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_NONNUMERIC)
    if what == "payments":
        yield writer.writerow(PAYMENT_COLUMNS)
        rows = payment_rows(date_from, date_to)
    else:
        yield writer.writerow(INVOICE_COLUMNS)
        rows = invoice_rows(date_from, date_to)
    for row in rows:
        yield writer.writerow(row)
