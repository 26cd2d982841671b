"""Invoices and agreements are tagged PDFs: a screen reader reads their headings and tables in order."""

import subprocess
import time

from hub.billing.documents import invoice_pdf
from tests.test_billing_documents import pdf_text, sla_invoice


def test_an_invoice_pdf_is_tagged_and_still_reads_as_text_quickly(db):
    invoice = sla_invoice()
    invoice_pdf(invoice)  # warm: fonts and styles load once per process
    started = time.monotonic()
    data = invoice_pdf(invoice)
    rendered_in = time.monotonic() - started
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "SLA-2026-27-00001" in pdf_text(data)
    assert rendered_in < 3, f"a one-page invoice took {rendered_in:.2f} s"
