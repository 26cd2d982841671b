"""A message to an ensemble's families by real Celery workers through Redis: the leader's send waits on the
bulk queue, and the bulk worker (which takes the mail queue too, as in the Procfile) writes and sends one
e-mail to each parent or carer."""

import json
import uuid

import pytest
from django.urls import reverse

from ensembles.models import EnsembleMessage
from hub.celery import app as celery_app
from hub.models import OutgoingEmail
from tests import factories
from tests.ensemble_factories import EnsembleFactory, MembershipFactory, SectionFactory
from tests.tuition_factories import academic_year
from tests.worker import broker, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_leaders_message_waits_on_the_bulk_queue_and_the_bulk_worker_e_mails_each_family_once(
    tmp_path, monkeypatch, client, ensemble_leader
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = broker()
    queue.flushdb()
    academic_year(2026)
    ensemble = EnsembleFactory(name="Northshire Youth Orchestra", leaders=[ensemble_leader])
    violins = SectionFactory(ensemble=ensemble, name="Violins")
    pat = factories.GuardianFactory(user__email="pat@example.org")
    for name in ("Amira", "Sam"):  # two children, one e-mail
        MembershipFactory(section=violins, pupil=factories.PupilFactory(first_name=name, guardians=[pat]))
    kim = factories.GuardianFactory(user__email="kim@example.org")
    MembershipFactory(section=violins, pupil=factories.PupilFactory(guardians=[kim]))
    client.force_login(ensemble_leader)

    data = {"to": str(violins.public_id), "subject": "Concert dress", "body": "Black and white, please."}
    response = client.post(
        reverse("ensembles:message-new", args=[ensemble.slug]),
        {**data, "send": "1", "request_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    waiting = [json.loads(m)["headers"]["task"] for m in queue.lrange("bulk", 0, -1)]
    assert waiting == ["ensembles.tasks.deliver_message"]
    message = EnsembleMessage.objects.get()
    assert message.sent_at is None and message.recipient_count == 2

    with celery_worker(tmp_path, name="bulk", queues="mail,bulk"):
        wait_for(
            lambda: OutgoingEmail.objects.filter(status="sent").count() == 2, timeout=60, what="the e-mails"
        )
    message.refresh_from_db()
    assert message.sent_at is not None and message.recipient_count == 2
    sent = [path.read_text() for path in tmp_path.glob("*.log")]
    for address in ("pat@example.org", "kim@example.org"):
        assert sum(f"To: {address}" in text for text in sent) == 1
    assert sum(text.count("Black and white, please.") for text in sent) == 2
    assert sum(text.count("Subject: ") for text in sent) == 2
