"""A family billing run by real Celery workers through Redis: issued in batches, e-mailed, then drawn, with an
ensemble's termly fee on the family's bill beside its lessons."""

import datetime
import os
import signal
from decimal import Decimal

import psycopg
import pytest
from django.urls import reverse

from hub import jobs
from hub.billing.documents import queue_missing_pdfs
from hub.billing.family import ensure_family_account
from hub.billing.family_run import start_family_run
from hub.billing.models import Invoice, InvoiceLine
from hub.celery import app as celery_app
from hub.models import Job, OutgoingEmail
from tests import factories
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, MembershipFactory, SectionFactory
from tests.test_billing_documents import pdf_words
from tests.tuition_factories import (
    LessonTypeFactory,
    TeachingSlotFactory,
    academic_year,
    enrol,
    family_to_bill,
)
from tests.worker import broker, celery_worker, database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_queue(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    broker().flushdb()


def _more_families(school, count: int) -> None:
    cello = LessonTypeFactory(academic_year=academic_year(2026), name="Individual 20 minutes")
    slot = TeachingSlotFactory(lesson_type=cello, school=school, weekday=0, capacity=count)
    for n in range(count):
        parent = factories.GuardianFactory(user__email=f"parent{n}@example.org")
        child = factories.PupilFactory(first_name=f"Child{n}", school=school, guardians=[parent])
        enrol(child, slot, starts_on=datetime.date(2026, 9, 7), payer=parent)


def test_finance_starts_a_family_run_and_real_workers_issue_and_email_every_bill_then_draw_them(
    tmp_path, real_queue, client, finance, guardian, school
):
    family = family_to_bill(guardian, school)
    orchestra = EnsembleFactory(name="Northshire Youth Orchestra")
    EnsembleFeeFactory(ensemble=orchestra, academic_year=academic_year(2026), termly_fee=Decimal("45.00"))
    violins = SectionFactory(ensemble=orchestra, name="Violins")
    MembershipFactory(section=violins, pupil=family["amira"], payer=guardian)
    _more_families(school, 4)
    client.force_login(finance)
    # Two bills a batch, so that the two processes share three batches.
    with celery_worker(tmp_path, concurrency=2, settings_env={"FAMILY_BILLING_BATCH": "2"}):
        response = client.post(reverse("billing:family-runs"), {"term": family["term"].pk})
        job = Job.objects.get()
        assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
        wait_for(lambda: jobs.progress(Job.objects.get()).get("complete"), timeout=120, what="the run")
        # The run leaves its PDFs to beat's sweep of undrawn documents, after its e-mails.
        assert Invoice.objects.filter(pdf="").count() == 5
        assert queue_missing_pdfs(older_than=datetime.timedelta(0)) == 5
        wait_for(lambda: not Invoice.objects.filter(pdf="").exists(), timeout=120, what="the PDFs")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.items.filter(status="done").count() == 5
    assert sorted(Invoice.objects.values_list("number", flat=True)) == list(range(1, 6))
    bill = Invoice.objects.get(account__reference=f"FAM-{guardian.pk}")
    assert bill.total == family["total"] + Decimal("45.00")
    with bill.pdf.open("rb") as stored:
        text = pdf_words(stored.read())
    assert "Northshire Youth Orchestra (Violins), autumn term 2026 £45.00" in text
    assert OutgoingEmail.objects.filter(job=job, status="sent").count() == 5
    sent = [path.read_text() for path in tmp_path.glob("*.log")]
    assert sum(text.count("Content-Type: application/pdf") for text in sent) == 0
    for invoice in Invoice.objects.all():
        assert sum(f"/family/bills/{invoice.public_id}/" in text for text in sent) == 1
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys))


def test_a_worker_killed_part_way_is_finished_by_another_with_nothing_twice_and_no_gap(
    tmp_path, real_queue, school
):
    cello = LessonTypeFactory(academic_year=academic_year(2026), name="Individual 20 minutes")
    slot = TeachingSlotFactory(lesson_type=cello, school=school, weekday=0, capacity=6)
    parents = []
    for n in range(6):
        parent = factories.GuardianFactory(user__first_name="Parent", user__last_name=f"{n:02d}")
        child = factories.PupilFactory(first_name=f"Child{n}", school=school, guardians=[parent])
        enrol(child, slot, starts_on=datetime.date(2026, 9, 7), payer=parent)
        parents.append(parent)
    term = academic_year(2026).terms.get(kind="autumn")
    # Another session holds the fourth family's account, so the worker stops in the middle of that bill.
    blocked = ensure_family_account(parents[3])
    lock = psycopg.connect(database_url())
    lock.cursor().execute("SELECT id FROM billing_billingaccount WHERE id = %s FOR UPDATE", [blocked.pk])

    # Three bills a batch: the first batch is issued, the second waits on the fourth family's account.
    batch = {"FAMILY_BILLING_BATCH": "3"}
    with celery_worker(tmp_path, name="doomed", settings_env=batch) as doomed:
        job = start_family_run(term=term, by=None)
        wait_for(lambda: job.items.filter(status="done").count() == 3, timeout=90, what="three bills")
        wait_for(lambda: _waiting_on_lock(lock), timeout=30, what="the worker to reach the fourth")
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    _terminate_sessions_waiting_on(lock)
    lock.rollback()
    lock.close()
    assert Invoice.objects.count() == 3

    with celery_worker(tmp_path, name="rescuer", settings_env=batch):
        jobs.sweep(stalled_after=datetime.timedelta(0))
        wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=90, what="the rescue")
    assert sorted(Invoice.objects.values_list("number", flat=True)) == list(range(1, 7))
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == 6


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
