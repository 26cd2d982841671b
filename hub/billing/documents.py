"""Invoices and credit notes as PDF documents, drawn only from what was copied onto them when issued."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse

from hub.billing.models import Invoice
from hub.pdf import render_pdf


def invoice_context(invoice: Invoice) -> dict:
    """What the PDF template needs; the document reads the same however the invoice is later settled."""
    is_credit = invoice.kind == Invoice.Kind.CREDIT_NOTE
    return {
        "invoice": invoice,
        "lines": list(invoice.lines.order_by("position")),
        "is_credit": is_credit,
        "document_title": "Credit note" if is_credit else "Invoice",
        "credited": invoice.credits if is_credit else None,
        "hub_address_lines": invoice.hub_address.replace(", ", "\n").splitlines(),
        "billed_address_lines": [line for line in invoice.billed_address.splitlines() if line.strip()],
        "vat_number": settings.HUB_VAT_NUMBER,
        "payment_details": settings.HUB_PAYMENT_DETAILS,
        "hub_email": settings.HUB_EMAIL,
    }


def invoice_filename(invoice: Invoice) -> str:
    return f"{invoice.display_number}.pdf"


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice or credit note as an A4 PDF with a remittance slip; call it outside transactions."""
    return render_pdf("pdf/invoice.html", invoice_context(invoice))


def stored_invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice's PDF, rendered once and kept: an issued invoice never changes, so neither does its PDF.

    The worker renders it when it e-mails the invoice, so a download rarely waits for WeasyPrint.
    """
    path = f"invoices/{invoice.public_id}.pdf"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    data = invoice_pdf(invoice)
    default_storage.save(path, ContentFile(data))
    return data


def invoice_attachment(invoice_id: int) -> tuple[str, bytes, str]:
    """An e-mail attachment of the invoice (for hub.mail, which renders it when the e-mail is sent)."""
    invoice = Invoice.objects.select_related("series", "credits__series").get(pk=invoice_id)
    return invoice_filename(invoice), stored_invoice_pdf(invoice), "application/pdf"


def pdf_response(invoice: Invoice) -> HttpResponse:
    """The invoice's PDF as a download, for finance and for the school alike."""
    response = HttpResponse(stored_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response
