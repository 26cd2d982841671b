"""The development e-mail backend prints what a person reads: headers, text, attachments by name and size."""

import io
import re

import pytest
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection

from hub import settings as project_settings  # the module's own value, before pytest-django's locmem
from hub.console_mail import EmailBackend
from schools.services.invoicing import invoice_for_instalment
from tests import factories
from tests.sla_factories import make_catalogue, make_order


def _print(message) -> str:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_an_email_with_a_pdf_prints_its_headers_text_and_the_attachment_name_and_size_never_base64():
    message = EmailMultiAlternatives(
        subject="[Northshire Music Hub] Invoice SLA-2027-00001",
        body="Dear Jo Bloggs,\n\nPlease find attached invoice SLA-2027-00001.\n",
        from_email="Northshire Music Hub <office@music-hub.example>",
        to=["jo@hillside.example.org"],
    )
    message.attach_alternative("<p>Dear Jo Bloggs,</p>", "text/html")
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 800  # about 200 kB
    message.attach("SLA-2027-00001.pdf", pdf, "application/pdf")

    printed = _print(message)

    assert "From: Northshire Music Hub <office@music-hub.example>" in printed
    assert "To: jo@hillside.example.org" in printed
    assert "Subject: [Northshire Music Hub] Invoice SLA-2027-00001" in printed
    assert "Dear Jo Bloggs,\n\nPlease find attached invoice SLA-2027-00001." in printed
    assert "[Attachment SLA-2027-00001.pdf (application/pdf, 200.0\xa0KB)]" in printed
    assert "[Alternative text/html," in printed
    assert "base64" not in printed and "Content-Transfer-Encoding" not in printed
    assert len(printed) < 1000


def test_it_is_the_default_backend_for_development():
    assert isinstance(get_connection(backend="hub.console_mail.EmailBackend"), EmailBackend)
    assert project_settings.EMAIL_BACKEND == "hub.console_mail.EmailBackend"


def test_a_header_that_smtp_would_refuse_is_refused_here_too():
    message = EmailMultiAlternatives(subject="Order from Hillside\nPrimary", body="x", to=["a@example.org"])
    with pytest.raises(BadHeaderError):
        _print(message)


def test_an_invoice_email_from_a_run_prints_readably_with_its_pdf_named(
    school, settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "hub.console_mail.EmailBackend"
    factories.SchoolContactFactory(school=school, user__first_name="Jo", user__last_name="Bloggs")
    order = make_order(school=school, standard=make_catalogue(), status="approved", instalments=1)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_for_instalment(subscription=order, instalment=1, by=None)
    printed = capsys.readouterr().out
    print(printed)
    assert f"Subject: [{settings.HUB_NAME}] Invoice {invoice.display_number}" in printed
    assert "Dear Jo Bloggs," in printed and f"{settings.SITE_URL}/schools/{school.urn}/invoices/" in printed
    assert re.search(
        rf"\[Attachment {invoice.display_number}\.pdf \(application/pdf, [\d.]+\xa0KB\)\]", printed
    )
    assert "base64" not in printed and len(printed) < 3000
