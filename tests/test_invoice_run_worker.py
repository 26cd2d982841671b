"""SLA invoice runs carried out by real Celery workers through Redis, including one killed part-way."""

import datetime
import os
import signal

import psycopg
import pytest
from django.urls import reverse

from hub import jobs
from hub.billing.models import Invoice, InvoiceLine
from hub.celery import app as celery_app
from hub.models import Job, OutgoingEmail
from schools.models import Subscription
from schools.services.invoice_runs import start_invoice_run
from tests import factories
from tests.sla_factories import make_catalogue, make_order
from tests.worker import broker, celery_worker, database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_queue(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()


def _approved_orders(count: int) -> list[Subscription]:
    standard = make_catalogue()
    orders = []
    for n in range(count):
        school = factories.SchoolFactory(name=f"School {n:02d}")
        factories.SchoolContactFactory(school=school, user__email=f"bursar{n}@school.example.org")
        orders.append(
            make_order(school=school, standard=standard, status="approved", lines=[(standard.cpd, 1)])
        )
    return orders


def test_finance_starts_a_run_and_real_workers_issue_render_and_email_every_invoice(
    tmp_path, real_queue, client, finance
):
    orders = _approved_orders(6)
    client.force_login(finance)
    year = orders[0].catalogue.financial_year
    with celery_worker(tmp_path, concurrency=2):
        response = client.post(reverse("schools:invoice-runs"), {"financial_year": year.pk, "instalment": 1})
        job = Job.objects.get()
        assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
        wait_for(lambda: jobs.progress(Job.objects.get()).get("complete"), timeout=90, what="the run")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.items.filter(status="done").count() == 6
    assert sorted(Invoice.objects.values_list("number", flat=True)) == list(range(1, 7))
    assert OutgoingEmail.objects.filter(job=job, status="sent").count() == 6
    sent = [path.read_text() for path in tmp_path.glob("*.log")]
    assert sum(text.count("Content-Type: application/pdf") for text in sent) == 6


def test_a_worker_killed_part_way_is_finished_by_another_with_nothing_twice_and_no_gap(tmp_path, real_queue):
    orders = _approved_orders(8)
    year = orders[0].catalogue.financial_year
    blocker = orders[3]  # the run takes schools in name order, so this is the fourth item
    # Another session holds the fourth order's row, so the worker stops in the middle of that item.
    lock = psycopg.connect(database_url())
    lock.cursor().execute("SELECT id FROM schools_subscription WHERE id = %s FOR UPDATE", [blocker.pk])

    with celery_worker(tmp_path, name="doomed") as doomed:
        job = start_invoice_run(financial_year=year, instalment=1, by=None)
        wait_for(lambda: job.items.filter(status="done").count() == 3, timeout=60, what="three invoices")
        wait_for(lambda: _waiting_on_lock(lock), timeout=30, what="the worker to reach the fourth")
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    # PostgreSQL ends a dead client's session when it notices (TCP keepalive); end it now, then let go.
    _terminate_sessions_waiting_on(lock)
    lock.rollback()
    lock.close()
    assert Invoice.objects.count() == 3

    with celery_worker(tmp_path, name="rescuer"):
        assert jobs.sweep(stalled_after=datetime.timedelta(0))["jobs"] == 1
        wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60, what="the rescue")
    assert Invoice.objects.count() == 8
    assert sorted(Invoice.objects.values_list("number", flat=True)) == list(range(1, 9))
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys))


def _waiting_on_lock(lock) -> bool:
    with lock.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _terminate_sessions_waiting_on(lock) -> None:
    with lock.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
