"""Real Celery workers draw and keep the PDFs: an invoice's once it is issued, an agreement's once the
order is submitted; the code that issued or submitted only queued them."""

import pytest

from hub.billing.models import Invoice
from hub.celery import app as celery_app
from hub.documents import is_stored
from schools.models import Subscription
from schools.services import orders as order_services
from tests.sla_factories import make_catalogue, make_order
from tests.test_billing_documents import pdf_words
from tests.test_billing_services import issue, make_account
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_queue(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()


def _stored(model, pk: int, field: str):
    row = model.objects.get(pk=pk)
    return row if is_stored(getattr(row, field)) else None


def _kept(file) -> str:
    with file.open("rb") as kept:
        return pdf_words(kept.read())


def test_a_real_worker_draws_and_keeps_an_issued_invoice_and_a_submitted_agreement(
    tmp_path, real_queue, school, contact
):
    standard = make_catalogue()
    with celery_worker(tmp_path, concurrency=1):
        invoice = issue(make_account(), "worker:1")  # committed at once: no transaction around the test
        order = make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])
        order_services.submit_order(subscription=order, accepted_by_name="Jo Bursar", by=contact.user)
        kept_invoice = wait_for(lambda: _stored(Invoice, invoice.pk, "pdf"), timeout=60, what="the invoice")
        kept_order = wait_for(
            lambda: _stored(Subscription, order.pk, "agreement_pdf"), timeout=60, what="the agreement"
        )
    assert f"{invoice.display_number}" in _kept(kept_invoice.pdf)
    assert "Terms accepted on behalf of Hillside Primary School by Jo Bursar" in _kept(
        kept_order.agreement_pdf
    )
