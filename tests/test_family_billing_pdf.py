"""The family's bill as a PDF, read back as text: each child's lessons, the remission, the sibling discount,
the credit and the total."""

import re
import subprocess

import pytest

from hub.billing.documents import invoice_pdf
from hub.billing.family_run import bill_payer
from hub.billing.sources import Payer
from tests.conftest import ARTIFACTS
from tests.tuition_factories import family_to_bill

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return re.sub(r"[ \t]+", " ", result.stdout.decode())


def test_the_bill_reads_child_by_child_with_remission_sibling_discount_credit_and_total(
    guardian, school, django_capture_on_commit_callbacks
):
    family = family_to_bill(guardian, school)
    with django_capture_on_commit_callbacks(execute=False):
        invoice = bill_payer(term=family["term"], payer=Payer(guardian_id=guardian.pk), by=None)
    data = invoice_pdf(invoice)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "family-bill.pdf").write_bytes(data)  # to look at
    text = _text(data)
    assert "Invoice" in text and "FAM-2026-27-00001" in text
    assert "Music lessons and activities, autumn term 2026" in text
    expected = [
        "Amira Khan",
        "Violin lessons, autumn term 2026 (Individual 30 minutes) £150.00",
        "Credit for 1 Violin lesson lost to the hub in the summer term 2026 −£15.00",
        "Total for Amira Khan £135.00",
        "Sam Khan",
        "Flute lessons, autumn term 2026 (Group of up to 4, 45 minutes) £60.00",
        "Remission: Low household income −£20.00",
        "Sibling discount (10%) −£4.00",
        "Total for Sam Khan £36.00",
        "Total due £171.00",
    ]
    lines = [line.strip() for line in text.splitlines()]
    for want in expected:
        assert want in lines, f"{want!r} not in the PDF:\n{text}"
    assert [lines.index(want) for want in expected] == sorted(lines.index(want) for want in expected)
    assert "VAT" not in text  # families pay none, and the bill does not make them wonder
