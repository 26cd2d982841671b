"""A real Celery worker process for tests: same test database, Redis database 15, e-mail into files."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from hub.celery import app as celery_app
from tests.conftest import TEST_BROKER_URL

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition, *, timeout: float, what: str):
    """Poll until the condition holds (with a deadline, never a blind sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def broker() -> redis.Redis:
    return redis.Redis.from_url(TEST_BROKER_URL)


@contextmanager
def celery_worker(
    mail_dir: Path,
    *,
    concurrency: int = 1,
    name: str = "test",
    queues: str = "celery,mail,bulk",
    settings_env: dict[str, str] | None = None,
):
    """Start a worker on the queues (all three, as `make run`'s two workers together), wait until it answers a
    ping, and stop it afterwards. Yields the Popen."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": TEST_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the kept PDFs where this test reads them
        **(settings_env or {}),
    }
    node = f"{name}-{os.getpid()}-{time.monotonic_ns()}@localhost"
    pool = (
        ["--pool", "solo"] if concurrency == 1 else ["--pool", "prefork", "--concurrency", str(concurrency)]
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub",
            "worker",
            *pool,
            "-n",
            node,
            "-Q",
            queues,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(
            lambda: celery_app.control.ping(destination=[node], timeout=0.5), timeout=60, what="the worker"
        )
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)
