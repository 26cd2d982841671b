"""Benchmark a full SLA invoice run: issue, render each PDF and e-mail it, with a 2-process Celery worker.

On a throwaway database (musichub_bench_run) holding the county-scale demo hub (500 schools, ~20,000
pupils) and its ~450 approved SLA orders, whose first instalments the seed has invoiced: the run issues the
second instalment of the termly ones. E-mail goes to files in a temporary folder; the broker is Redis
database 14 of REDIS_URL. Run from the project root: .venv/bin/python bench/invoice_run.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _throwaway import ROOT, throwaway_database

BENCH_DB = "musichub_bench_run"
BROKER = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/14"
MAIL_DIR = Path(tempfile.mkdtemp(prefix="musichub-bench-mail-"))


ENV = {
    **os.environ,
    "CELERY_BROKER_URL": BROKER,
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(MAIL_DIR),
    "DEBUG": "1",
}


def wait_until(condition, *, timeout: float, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    raise SystemExit(f"Timed out after {timeout} s")


def main() -> None:
    with throwaway_database(BENCH_DB, env=ENV) as env:
        seed = [sys.executable, "manage.py", "seed_demo"]
        subprocess.run(seed, cwd=ROOT, env=env, check=True, capture_output=True)
        run(worker_processes=2, env=env)


def run(*, worker_processes: int, env: dict) -> None:
    import redis
    from django.db import transaction

    from hub import jobs
    from hub.celery import app
    from hub.models import FinancialYear, Job
    from schools.models import Subscription
    from schools.services.invoice_runs import start_invoice_run

    redis.Redis.from_url(BROKER).flushdb()
    # This year: the one whose orders are approved (next year's catalogue is open, with no orders yet).
    year = FinancialYear.objects.filter(catalogue__subscriptions__status="approved").distinct().get()
    approved = Subscription.objects.filter(catalogue__financial_year=year, status="approved").count()
    worker = _start_worker(worker_processes=worker_processes, env=env)
    try:
        app.conf.broker_url = BROKER
        wait_until(lambda: app.control.ping(destination=["bench@localhost"], timeout=0.5), timeout=60)
        for label in ("first run", "second run (nothing new)"):
            started = time.monotonic()
            with transaction.atomic():
                # seed_demo has already invoiced instalment 1 (it is the demo's history): time instalment 2.
                job = start_invoice_run(financial_year=year, instalment=2, by=None)
            issued_at = wait_until(lambda job=job: _finished(Job.objects.get(pk=job.pk)), timeout=600)
            done = wait_until(
                lambda job=job: jobs.progress(Job.objects.get(pk=job.pk))["complete"], timeout=600
            )
            elapsed = time.monotonic() - started
            progress = jobs.progress(Job.objects.get(pk=job.pk))
            print(
                f"{label}: {approved} approved orders -> {progress['done']} invoices issued, "
                f"{progress['skipped']} skipped, {progress['failed']} failed; "
                f"{progress['emails']['sent']} e-mails with PDF sent; all issued after "
                f"{issued_at - started:.1f} s, everything e-mailed after {elapsed:.1f} s "
                f"({worker_processes} worker processes)"
            )
            assert done
        print(f"e-mail files written: {len(list(MAIL_DIR.glob('*.log')))}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _start_worker(*, worker_processes: int, env: dict) -> subprocess.Popen:
    """One Celery worker on every queue: runs, e-mail and PDFs, as make run's two workers together."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub",
            "worker",
            "--concurrency",
            str(worker_processes),
            "-n",
            "bench@localhost",
            "-Q",
            "celery,mail,bulk",  # runs, e-mail and PDFs: make run's two workers in one
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _finished(job) -> float | None:
    return time.monotonic() if job.status in ("done", "failed") else None


if __name__ == "__main__":
    main()
