"""Beat's weekly task of overdue reminders, sent through Redis to a real worker: it records the job, the
worker carries it out and the e-mail goes out from the outbox."""

import datetime

import pytest
from django.utils import timezone

from hub.celery import app as celery_app
from hub.models import Job, OutgoingEmail
from instruments.models import Hire
from instruments.services.overdue import REMINDER_KIND
from instruments.tasks import remind_overdue_hires
from tests.instrument_factories import InstrumentFactory, family_hire
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_queue(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()


def test_beats_task_runs_the_reminders_job_on_a_real_worker_and_the_email_goes(
    tmp_path, real_queue, guardian, child
):
    today = timezone.localdate()
    hire = family_hire(
        child,
        guardian,
        InstrumentFactory(asset_tag="VN-0042"),
        out_on=today - datetime.timedelta(days=300),
        due_back_on=today - datetime.timedelta(days=10),
    )
    with celery_worker(tmp_path):
        remind_overdue_hires.delay()  # as beat sends it, through Redis
        wait_for(
            lambda: Job.objects.filter(kind=REMINDER_KIND, status=Job.Status.DONE).exists(),
            timeout=60,
            what="the reminders job",
        )
        wait_for(
            lambda: OutgoingEmail.objects.filter(status="sent").exists(), timeout=60, what="the e-mail to go"
        )
    job = Job.objects.get(kind=REMINDER_KIND)
    assert job.items.get().detail == f"E-mailed {guardian.user.email}"
    [sent] = [path.read_text() for path in tmp_path.glob("*.log")]
    assert f"To: {guardian.user.email}" in sent
    assert "Please return Amira's 3/4 Violin (VN-0042)" in sent
    assert Hire.objects.get(pk=hire.pk).reminded_on == today
