"""Invoice and credit note PDFs, checked by the text read back out of them."""

import subprocess
from decimal import Decimal
from pathlib import Path

from hub.billing import services
from hub.billing.documents import invoice_attachment, invoice_pdf
from hub.billing.models import Invoice
from hub.billing.services import Charge
from tests.test_billing_services import make_account

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext reads it, layout kept so that table rows stay on one line."""
    assert data.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_words(data: bytes) -> str:
    """The PDF's text in reading order, each run of spaces and line breaks made one space: a description
    that wraps inside its table cell still reads as one phrase."""
    assert data.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def sla_invoice(by=None) -> Invoice:
    account = make_account()
    return services.issue_invoice(
        account=account,
        series_code="SLA-2026-27",
        charges=[
            Charge("Whole-class ensemble teaching, Year 4", Decimal("30.00"), Decimal("45.00"), "sla:1:wcet"),
            Charge("Instrumental tuition (hours)", Decimal("12.50"), Decimal("38.00"), "sla:1:tuition"),
            Charge(
                "CPD for class teachers", Decimal("1.00"), Decimal("250.00"), "sla:1:cpd", Decimal("20.00")
            ),
        ],
        title="Music SLA 2026-27, instalment 1 of 3",
        by=by,
    )


def test_invoice_pdf_shows_hub_school_lines_totals_due_date_and_remittance_slip(db, settings):
    settings.HUB_VAT_NUMBER = "GB 123 4567 89"
    invoice = sla_invoice()
    data = invoice_pdf(invoice)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "invoice-sample.pdf").write_bytes(data)
    text = pdf_text(data)
    assert "Northshire Music Hub" in text
    assert "County Hall" in text
    assert "VAT registration number: GB 123 4567 89" in text
    assert "Hillside Primary School" in text and "NS1 2AB" in text
    assert "SLA-2026-27-00001" in text
    assert "Whole-class ensemble teaching, Year 4" in text and "Instrumental tuition (hours)" in text
    # 30 x £45 = £1,350; 12.5 x £38 = £475; £250 + 20% VAT = £300. Total £2,125.00 with £50.00 VAT.
    assert "£1,350.00" in text and "£475.00" in text and "12.5" in text and "20%" in text
    assert "£50.00" in text and "£2,125.00" in text
    assert f"{invoice.due_date:%-d %B %Y}" in text
    assert "sort code 00-00-00" in text  # how to pay
    assert "Remittance slip" in text and "URN100001" in text and "Amount due" in text


def test_credit_note_pdf_is_titled_credit_note_and_names_the_invoice(db, finance):
    invoice = sla_invoice()
    note = services.credit_invoice(
        invoice=invoice, amount=Decimal("100.00"), reason="CPD cancelled", by=finance
    )
    text = pdf_text(invoice_pdf(note))
    assert "Credit note" in text and note.display_number in text
    assert "Credits invoice" in text and invoice.display_number in text
    assert "CPD cancelled" in text and "£100.00" in text
    assert "Remittance slip" not in text


def test_the_e_mail_attachment_is_the_pdf(db):
    invoice = sla_invoice()
    filename, data, mime = invoice_attachment(invoice.pk)
    assert (filename, mime) == ("SLA-2026-27-00001.pdf", "application/pdf")
    assert "SLA-2026-27-00001" in pdf_text(data)
