"""An issued invoice is frozen, its PDF included: drawn once by a worker after issue and kept on the invoice;
downloads and e-mails use the kept file, and a download never draws one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub import documents as stored
from hub.billing import documents, services
from hub.billing.models import Invoice
from hub.billing.services import Charge
from hub.billing.tasks import render_invoice_pdf, sweep_invoice_pdfs
from schools.models import School
from tests.test_billing_documents import pdf_text
from tests.test_billing_services import make_account

pytestmark = pytest.mark.django_db


def _issue(account=None, key="stored:1") -> Invoice:
    return services.issue_invoice(
        account=account or make_account(),
        series_code="SLA-2026-27",
        charges=[Charge("Whole-class ensemble teaching", Decimal(3), Decimal("220.00"), key)],
        title="Music SLA 2026-27",
        by=None,
    )


def _read(file) -> bytes:
    with file.open("rb") as kept:
        return kept.read()


@pytest.fixture
def no_drawing(monkeypatch):
    """Any attempt to draw a PDF fails the test: what is served must be the kept file."""

    def refuse(*args, **kwargs):
        pytest.fail("a PDF was drawn")

    for module in ("hub.pdf", "hub.billing.documents", "schools.agreement"):
        monkeypatch.setattr(f"{module}.render_pdf", refuse)


def test_an_invoice_prints_the_vat_number_payment_details_and_footer_it_was_issued_with(settings):
    settings.HUB_VAT_NUMBER = "GB 123 4567 89"
    settings.HUB_PAYMENT_DETAILS = "Pay Northshire County Council, sort code 11-22-33, account 12345678."
    settings.HUB_INVOICE_FOOTER = "Northshire County Council, County Hall, NS1 1AA"
    settings.HUB_EMAIL = "money@music-hub.example"
    invoice = _issue()
    settings.HUB_VAT_NUMBER = "GB 999 9999 99"
    settings.HUB_PAYMENT_DETAILS = "Pay the new bank, sort code 99-99-99."
    settings.HUB_INVOICE_FOOTER = "A new footer"
    settings.HUB_EMAIL = "new@music-hub.example"

    invoice.refresh_from_db()
    text = pdf_text(documents.invoice_pdf(invoice))
    assert "VAT registration number: GB 123 4567 89" in text
    assert "sort code 11-22-33" in text
    assert "Northshire County Council, County Hall, NS1 1AA" in text
    assert "money@music-hub.example" in text
    for later in ("GB 999 9999 99", "99-99-99", "A new footer", "new@music-hub.example"):
        assert later not in text, later


def test_issuing_an_invoice_has_its_pdf_drawn_and_kept_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = _issue()
    invoice.refresh_from_db()
    assert invoice.pdf.name == f"invoices/{invoice.issue_date:%Y}/SLA-2026-27-00001.pdf"
    with invoice.pdf.open("rb") as kept:
        text = pdf_text(kept.read())
    assert "SLA-2026-27-00001" in text and "£660.00" in text


def test_a_credit_note_has_its_pdf_drawn_and_kept_too(django_capture_on_commit_callbacks, finance):
    invoice = _issue()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.credit_invoice(invoice=invoice, amount=Decimal("20.00"), reason="Snow", by=finance)
    note.refresh_from_db()
    with note.pdf.open("rb") as kept:
        assert "Credit note" in pdf_text(kept.read())


def test_the_render_task_run_twice_draws_once(monkeypatch):
    invoice = _issue()
    render_invoice_pdf(invoice.pk)
    invoice.refresh_from_db()
    first = invoice.pdf.name
    monkeypatch.setattr(documents, "invoice_pdf", lambda invoice: pytest.fail("drawn twice"))
    render_invoice_pdf(invoice.pk)
    invoice.refresh_from_db()
    assert invoice.pdf.name == first


def test_a_rendering_that_lost_the_race_is_thrown_away_and_the_first_kept():
    invoice = _issue()
    slow = Invoice.objects.get(pk=invoice.pk)  # read before the other worker stored its file
    assert documents.store_invoice_pdf(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert not stored.keep_rendering(slow, "pdf", filename="late.pdf", data=b"%PDF-late")
    invoice.refresh_from_db()
    assert _read(invoice.pdf).startswith(b"%PDF")
    assert not invoice.pdf.storage.exists(f"invoices/{invoice.issue_date:%Y}/late.pdf")


def test_a_kept_file_that_went_missing_is_drawn_again():
    invoice = _issue()
    documents.store_invoice_pdf(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    invoice.pdf.storage.delete(invoice.pdf.name)
    assert documents.store_invoice_pdf(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert stored.is_stored(invoice.pdf)


def test_the_e_mail_attachment_is_the_kept_pdf(no_drawing):
    invoice = _issue()
    stored.keep_rendering(invoice, "pdf", filename="kept.pdf", data=b"%PDF-1.7 the kept one")
    assert documents.invoice_attachment(invoice.pk) == (
        "SLA-2026-27-00001.pdf",
        b"%PDF-1.7 the kept one",
        "application/pdf",
    )


def test_the_e_mail_attachment_is_drawn_in_the_worker_when_missing_and_then_kept():
    invoice = _issue()
    filename, data, mime = documents.invoice_attachment(invoice.pk)
    assert "SLA-2026-27-00001" in pdf_text(data)
    invoice.refresh_from_db()
    assert _read(invoice.pdf) == data


def test_finance_downloads_the_kept_file_and_nothing_is_drawn(client, finance, no_drawing):
    invoice = _issue()
    stored.keep_rendering(invoice, "pdf", filename="x.pdf", data=b"%PDF-1.7 kept for finance")
    client.force_login(finance)
    response = client.get(reverse("billing:invoice-pdf", kwargs={"public_id": invoice.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SLA-2026-27-00001.pdf"'
    assert response.content == b"%PDF-1.7 kept for finance"


def test_a_missing_pdf_says_it_is_being_prepared_and_a_worker_then_draws_it(
    client, finance, monkeypatch, django_capture_on_commit_callbacks
):
    invoice = _issue()
    url = reverse("billing:invoice-pdf", kwargs={"public_id": invoice.public_id})
    client.force_login(finance)
    drawn = []
    real = documents.invoice_pdf
    monkeypatch.setattr(documents, "invoice_pdf", lambda invoice: drawn.append(invoice) or real(invoice))
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(url)
    assert response.status_code == 202 and drawn == []
    page = response.content.decode()
    assert "<title>Invoice SLA-2026-27-00001 is being prepared" in page
    assert f'href="{url}"' in page and "Try the download again" in page
    assert "Back to SLA-2026-27-00001" in page
    assert len(queued) == 1
    queued[0]()  # the worker's turn (tasks run in this process in tests)
    assert len(drawn) == 1
    again = client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")


def test_a_school_downloads_its_kept_invoice_and_nothing_is_drawn(client, contact, school, no_drawing):
    invoice = _issue(make_account("URN777", school.name))
    School.objects.filter(pk=school.pk).update(billing_account=invoice.account)
    url = reverse("schools:school-invoice-pdf", kwargs={"urn": school.urn, "public_id": invoice.public_id})
    client.force_login(contact.user)
    preparing = client.get(url)
    assert preparing.status_code == 202
    assert "is being prepared" in preparing.content.decode()
    assert "Back to the invoice" in preparing.content.decode()
    stored.keep_rendering(invoice, "pdf", filename="y.pdf", data=b"%PDF-1.7 kept for the school")
    response = client.get(url)
    assert response.content == b"%PDF-1.7 kept for the school"


def test_beat_sweeps_up_invoices_left_without_a_pdf(monkeypatch):
    old, _recent, kept = _issue(key="a"), _issue(key="b"), _issue(key="c")
    Invoice.objects.filter(pk__in=[old.pk, kept.pk]).update(
        issued_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    stored.keep_rendering(kept, "pdf", filename="kept.pdf", data=b"%PDF-1.7")
    queued = []
    monkeypatch.setattr(documents, "send_to_worker", lambda task, pk: queued.append((task, pk)) or True)
    assert sweep_invoice_pdfs() == 1
    assert queued == [("hub.billing.tasks.render_invoice_pdf", old.pk)]
