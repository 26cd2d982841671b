"""A real Celery worker on Redis carries out a task queued when the transaction commits."""

import pytest
from django.db import transaction

from hub.accounts.services import invite_staff
from hub.celery import app as celery_app
from hub.models import OutgoingEmail
from tests.factories import make_staff
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_queued_on_commit_is_carried_out_by_a_real_worker(tmp_path, monkeypatch, staff_groups):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = broker()
    queue.flushdb()
    admin = make_staff("Hub admin")

    with transaction.atomic():
        invite_staff(
            email="new.tutor@hub.example.org", first_name="Ravi", last_name="Patel", roles=["Tutor"], by=admin
        )
        assert queue.llen("mail") == 0, "queued before the transaction committed"
    assert queue.llen("mail") == 1, "not queued (on the mail queue) when the transaction committed"
    email = OutgoingEmail.objects.get(to=["new.tutor@hub.example.org"])
    assert email.status == OutgoingEmail.Status.PENDING

    with celery_worker(tmp_path):
        wait_for(
            lambda: OutgoingEmail.objects.filter(pk=email.pk, status="sent").exists(),
            timeout=30,
            what="the worker to send the e-mail",
        )
    sent = next(tmp_path.glob("*.log")).read_text()
    assert "To: new.tutor@hub.example.org" in sent
    assert "/invitations/" in sent
    email.refresh_from_db()
    assert email.body == "" and email.sent_at is not None  # the one-time link is not kept once sent
