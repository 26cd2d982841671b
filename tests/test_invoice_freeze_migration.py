"""Invoices issued before they kept what they print get today's settings (the nearest record) and keep
a PDF already drawn under the old path, so that beat's sweep does not draw them all again."""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("billing", "0002_constraint_messages")]
AFTER = [("billing", "0003_invoice_frozen_print_details_and_pdf")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_invoices_issued_before_are_frozen_with_the_settings_of_the_day_and_keep_their_pdf(settings):
    settings.HUB_VAT_NUMBER = "GB 123 4567 89"
    settings.HUB_INVOICE_FOOTER = "Northshire County Council"
    apps = _migrate(BEFORE)
    try:
        account = apps.get_model("billing", "BillingAccount").objects.create(
            kind="school", name="Old School", reference="URN1"
        )
        series = apps.get_model("billing", "InvoiceSeries").objects.create(code="SLA-2027", next_number=3)
        today = datetime.date(2026, 9, 1)
        common = {"account": account, "series": series, "issue_date": today, "due_date": today}
        common |= {
            "issued_at": datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
            "net": 1,
            "vat": 0,
            "total": 1,
        }
        Invoice = apps.get_model("billing", "Invoice")
        drawn = Invoice.objects.create(
            number=1, public_id=uuid.uuid4(), hub_name="Hub", hub_address="Here", **common
        )
        never = Invoice.objects.create(
            number=2, public_id=uuid.uuid4(), hub_name="Hub", hub_address="Here", **common
        )
        default_storage.save(f"invoices/{drawn.public_id}.pdf", ContentFile(b"%PDF-1.7 drawn before"))

        Invoice = _migrate(AFTER).get_model("billing", "Invoice")
        drawn, never = Invoice.objects.get(pk=drawn.pk), Invoice.objects.get(pk=never.pk)
        assert (drawn.vat_number, drawn.footer) == ("GB 123 4567 89", "Northshire County Council")
        assert drawn.payment_details == settings.HUB_PAYMENT_DETAILS and drawn.hub_email == settings.HUB_EMAIL
        assert drawn.pdf.name == f"invoices/{drawn.public_id}.pdf" and never.pdf.name == ""
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
