"""A real Celery worker on Redis carries out a task queued when the transaction commits."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction

from hub.accounts.services import invite_staff
from hub.celery import app as celery_app
from tests.conftest import TEST_BROKER_URL
from tests.factories import make_staff

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """A Celery worker process sharing the test database, sending e-mail into files under tmp_path."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    redis.Redis.from_url(TEST_BROKER_URL).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "CONN_MAX_AGE": "0",
    }
    name = f"test-{os.getpid()}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub",
            "worker",
            "--pool",
            "solo",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: celery_app.control.ping(destination=[name], timeout=0.5), timeout=60, what="worker")
        yield tmp_path / "mail"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


def test_a_task_queued_on_commit_is_carried_out_by_a_real_worker(worker, staff_groups):
    admin = make_staff("Hub admin")
    broker = redis.Redis.from_url(TEST_BROKER_URL)
    with transaction.atomic():
        invite_staff(
            email="new.tutor@hub.example.org", first_name="Ravi", last_name="Patel", roles=["Tutor"], by=admin
        )
        # Nothing reaches the broker until the invitation is committed.
        assert broker.llen("celery") == 0

    files = wait_for(lambda: list(worker.glob("*.log")), timeout=30, what="the worker to send the e-mail")
    sent = files[0].read_text()
    assert "To: new.tutor@hub.example.org" in sent
    assert "/invitations/" in sent
