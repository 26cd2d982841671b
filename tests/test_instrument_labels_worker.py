"""A sheet of asset labels made end to end: the page records the job, a real Celery worker taking only the
default queue (never behind the bulk queue's PDFs) draws and keeps the PDF, and the job's page links to the
download of it."""

import pytest
from django.urls import reverse

from hub.celery import app as celery_app
from hub.models import Job
from instruments.labels import JOB_KIND
from tests.instrument_factories import InstrumentFactory
from tests.test_billing_documents import pdf_words
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_queue(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()


def test_a_worker_on_the_default_queue_draws_the_sheet_the_page_recorded(tmp_path, real_queue, client, store):
    for tag in ("VN-0042", "VN-0043"):
        InstrumentFactory(asset_tag=tag)
    client.force_login(store)
    with celery_worker(tmp_path, queues="celery"):
        response = client.post(reverse("instruments:label-sheet"), {"tags": "vn-0043, vn-0042"})
        job = Job.objects.get(kind=JOB_KIND)
        assert response["Location"] == reverse("hub:job-detail", args=[job.public_id])
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, status=Job.Status.DONE).exists(),
            timeout=60,
            what="the sheet's job",
        )
    download = reverse("instruments:label-sheet-download", args=[job.public_id])
    assert f'href="{download}"' in client.get(response["Location"]).content.decode()
    sheet = client.get(download)
    assert sheet["Content-Type"] == "application/pdf"
    text = pdf_words(sheet.content)
    assert "VN-0043" in text and "VN-0042" in text
    assert text.index("VN-0043") < text.index("VN-0042")
