"""Invoices and credit notes as PDF documents, drawn only from what was copied onto them when issued.

A worker renders each document once after it is issued and keeps it on the invoice (`Invoice.pdf`); a
download serves that file and never renders one.
"""

import datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hub.billing.models import BillingAccount, Invoice, InvoiceLine
from hub.documents import download, is_stored, keep_rendering
from hub.money import ZERO
from hub.pdf import render_pdf
from hub.queue import send_to_worker

RENDER_TASK = "hub.billing.tasks.render_invoice_pdf"
# Beat's sweep draws what no worker has stored this long after issue, a batch at a time.
SWEEP_AFTER = datetime.timedelta(minutes=2)
SWEEP_BATCH = 200


def children_of(lines: list[InvoiceLine]) -> list[dict]:
    """A family's bill child by child: the family billing run names the child first on each line
    ("Amira Khan: Violin lessons, ..."), so lines are grouped by that name, in order, with a subtotal."""
    groups: list[dict] = []
    for line in lines:
        name, _, what = line.description.partition(": ")
        if not groups or groups[-1]["name"] != name:
            groups.append({"name": name, "lines": [], "total": ZERO})
        groups[-1]["lines"].append({"description": what or line.description, "gross": line.gross})
        groups[-1]["total"] += line.gross
    return groups


def invoice_context(invoice: Invoice) -> dict:
    """What the PDF template needs; the document reads the same however the invoice is later settled."""
    is_credit = invoice.kind == Invoice.Kind.CREDIT_NOTE
    lines = list(invoice.lines.order_by("position"))
    by_child = not is_credit and invoice.account.kind == BillingAccount.Kind.FAMILY
    return {
        "invoice": invoice,
        "lines": lines,
        "children": children_of(lines) if by_child else [],
        "is_credit": is_credit,
        "document_title": "Credit note" if is_credit else "Invoice",
        "credited": invoice.credits if is_credit else None,
        "hub_address_lines": invoice.hub_address.replace(", ", "\n").splitlines(),
        "billed_address_lines": [line for line in invoice.billed_address.splitlines() if line.strip()],
    }


def invoice_filename(invoice: Invoice) -> str:
    return f"{invoice.display_number}.pdf"


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice or credit note as an A4 PDF with a remittance slip; call it in a worker."""
    return render_pdf("pdf/invoice.html", invoice_context(invoice))


def store_invoice_pdf(*, invoice_id: int) -> bool:
    """Draw the document's PDF and keep it on the invoice, unless it is kept already. Safe to run twice."""
    invoice = Invoice.objects.select_related("series", "credits__series", "account").get(pk=invoice_id)
    if is_stored(invoice.pdf):
        return False
    return keep_rendering(invoice, "pdf", filename=invoice_filename(invoice), data=invoice_pdf(invoice))


def queue_invoice_pdf(invoice: Invoice) -> None:
    """Ask a worker to draw the document (once the current transaction, if any, commits)."""
    transaction.on_commit(lambda: send_to_worker(RENDER_TASK, invoice.pk))


def queue_missing_pdfs(*, older_than: datetime.timedelta = SWEEP_AFTER) -> int:
    """For beat: queue the documents issued a while ago that no worker has stored yet (a family billing
    run's thousands are drawn this way, SWEEP_BATCH a minute, oldest first, after the run's e-mails)."""
    waiting = Invoice.objects.filter(pdf="", issued_at__lt=timezone.now() - older_than).order_by("issued_at")
    return sum(send_to_worker(RENDER_TASK, pk) for pk in waiting.values_list("pk", flat=True)[:SWEEP_BATCH])


def invoice_attachment(invoice_id: int) -> tuple[str, bytes, str]:
    """An e-mail attachment of the invoice (for hub.mail, in the worker): the stored PDF, drawn if missing."""
    store_invoice_pdf(invoice_id=invoice_id)
    invoice = Invoice.objects.select_related("series").get(pk=invoice_id)
    with invoice.pdf.open("rb") as stored:
        return invoice_filename(invoice), stored.read(), "application/pdf"


def pdf_response(request: HttpRequest, invoice: Invoice, *, back: tuple[str, str]) -> HttpResponse:
    """The stored PDF as a download, for finance and for the school alike; never drawn in the request."""
    return download(
        request,
        invoice.pdf,
        filename=invoice_filename(invoice),
        title=f"{invoice.get_kind_display()} {invoice.display_number}",
        prepare=lambda: queue_invoice_pdf(invoice),
        back=back,
    )
