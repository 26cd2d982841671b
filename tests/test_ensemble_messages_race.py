"""Two clicks on send at the same moment, on the real database: the second waits on the first's row (the
confirmation's id is unique) and, once the first commits, answers the message it recorded."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction

from ensembles.models import EnsembleMessage
from ensembles.services import messages as services
from tests.ensemble_factories import EnsembleFactory, MembershipFactory, SectionFactory
from tests.tuition_factories import academic_year
from tests.worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_two_clicks_at_once_record_and_send_one_message(ensemble_leader):
    academic_year(2026)
    ensemble = EnsembleFactory(leaders=[ensemble_leader])
    MembershipFactory(section=SectionFactory(ensemble=ensemble))
    request_id, commit = uuid.uuid4(), threading.Event()
    outcomes: dict[str, tuple] = {}

    def click(name: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                message, new = services.send_message(
                    ensemble=ensemble, section=None, subject="Hi", body="Text", by=ensemble_leader,
                    request_id=request_id,
                )  # fmt: skip
                outcomes[name] = (message.pk, new)
                if hold:
                    commit.wait(timeout=30)
        finally:
            connections.close_all()

    first = threading.Thread(target=click, args=("first", True))
    first.start()
    wait_for(lambda: "first" in outcomes, timeout=30, what="the first click's row")
    second = threading.Thread(target=click, args=("second", False))
    second.start()
    wait_for(_waiting_on_a_lock, timeout=30, what="the second click to wait on the first's row")
    commit.set()
    first.join(timeout=30)
    second.join(timeout=30)
    message = EnsembleMessage.objects.get()
    assert outcomes == {"first": (message.pk, True), "second": (message.pk, False)}
