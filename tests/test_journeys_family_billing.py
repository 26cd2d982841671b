"""Issue 8's browser test 5: finance runs the family billing run from its page and watches a real worker
finish it: every bill issued and e-mailed, and its PDF drawn by the sweep after."""

import datetime

import pytest
from playwright.sync_api import expect

from hub.billing.documents import queue_missing_pdfs
from hub.billing.models import Invoice
from hub.celery import app as celery_app
from tests.conftest import sign_in
from tests.tuition_factories import family_to_bill
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_finance_runs_the_family_billing_run_and_watches_it_finish(
    page, live_server, accessible, tmp_path, monkeypatch, guardian, school, finance
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()
    family = family_to_bill(guardian, school)

    sign_in(page, live_server, finance.email, totp=True)
    with celery_worker(tmp_path / "mail", concurrency=2):
        page.get_by_role("link", name="Staff home").click()
        page.get_by_role("link", name="Family billing runs").click()
        page.get_by_label("Term").select_option(label="Autumn term 2026")
        accessible(page, "family-runs")
        page.get_by_role("button", name="Start the run").click()
        expect(page.get_by_role("heading", name="Family billing run, autumn term 2026")).to_be_visible()
        status = page.get_by_role("status").filter(has_text="of 1 issued")
        expect(status).to_contain_text("Finished: 1 of 1 issued · 1 of 1 e-mailed", timeout=60_000)
        accessible(page, "family-run-finished")
        invoice = Invoice.objects.get()
        assert invoice.total == family["total"]
        expect(page.get_by_text(invoice.display_number)).to_be_visible()
        # The run leaves its PDFs to beat's sweep, after its e-mails; the sweep draws this one.
        assert not invoice.pdf and queue_missing_pdfs(older_than=datetime.timedelta(0)) == 1
        wait_for(lambda: Invoice.objects.exclude(pdf="").exists(), timeout=60, what="the PDF")

        # Run again: nothing new to bill, and the page says so.
        page.get_by_role("link", name="Staff home").click()
        page.get_by_role("link", name="Family billing runs").click()
        page.get_by_label("Term").select_option(label="Autumn term 2026")
        page.get_by_role("button", name="Start the run").click()
        expect(page.get_by_text("Already billed for this term.")).to_be_visible(timeout=60_000)
    assert Invoice.objects.count() == 1
