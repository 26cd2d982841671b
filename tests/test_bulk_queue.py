"""Interactive work never waits behind bulk work: e-mail and PDFs go to the "bulk" queue, and a run's page
says what was issued and what has been e-mailed, and is not Finished while e-mails are still going out."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from hub import jobs
from hub.celery import app as celery_app
from hub.models import Job, OutgoingEmail
from schools.services.invoice_runs import start_invoice_run
from tests import factories
from tests.sla_factories import make_catalogue, make_order
from tests.worker import broker, celery_worker, wait_for

PDFS = ["hub.billing.tasks.render_invoice_pdf", "schools.tasks.render_agreement_pdf"]
PROCFILE = Path(__file__).resolve().parent.parent / "Procfile"
INTERACTIVE = ["hub.tasks.run_job", "hub.tasks.sweep"]


def _queue_of(task_name: str) -> str:
    return celery_app.amqp.router.route({}, task_name, (), {})["queue"].name


@pytest.mark.parametrize("task_name", PDFS)
def test_pdf_tasks_go_to_the_bulk_queue(task_name):
    assert _queue_of(task_name) == "bulk"


def test_email_has_a_queue_of_its_own_that_the_bulk_worker_takes_turns_with():
    # A confirmation e-mail must not wait behind hundreds of PDFs: kombu takes turns between queues.
    assert _queue_of("hub.tasks.send_email") == "mail"
    bulk = next(line for line in PROCFILE.read_text().splitlines() if line.startswith("bulk:"))
    assert "-Q mail,bulk" in bulk


@pytest.mark.parametrize("task_name", INTERACTIVE)
def test_runs_imports_and_the_sweep_stay_on_the_default_queue(task_name):
    assert _queue_of(task_name) == celery_app.conf.task_default_queue == "celery"


def _approved_orders(count: int, standard=None):
    standard = standard or make_catalogue()
    for n in range(count):
        school = factories.SchoolFactory(name=f"School {n:02d}")
        factories.SchoolContactFactory(school=school, user__email=f"bursar{n}@school.example.org")
        make_order(school=school, standard=standard, status="approved", lines=[(standard.cpd, 1)])
    return standard.catalogue.financial_year


def _status_line(client, job) -> str:
    page = client.get(reverse("hub:job-progress", kwargs={"public_id": job.public_id})).content.decode()
    return page.split('role="status">', 1)[1].split("</p>", 1)[0]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_run_finishes_on_the_default_worker_while_its_emails_wait_for_the_bulk_worker(
    tmp_path, monkeypatch, client, finance
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = broker()
    queue.flushdb()
    year = _approved_orders(3)
    client.force_login(finance)

    with celery_worker(tmp_path, name="default", queues="celery"):
        job = start_invoice_run(financial_year=year, instalment=1, by=finance)
        wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60, what="the run")
    assert OutgoingEmail.objects.filter(job=job, status="pending").count() == 3

    # Each invoice waits twice: its e-mail on the mail queue and the drawing of its PDF on the bulk queue.
    def waiting(name):
        return [json.loads(message)["headers"]["task"] for message in queue.lrange(name, 0, -1)]

    assert waiting("bulk") == ["hub.billing.tasks.render_invoice_pdf"] * 3
    assert waiting("mail") == ["hub.tasks.send_email"] * 3
    assert queue.llen("celery") == 0
    assert "Sending e-mails" in _status_line(client, job)
    assert "3 of 3 issued · 0 of 3 e-mailed" in _status_line(client, job)
    assert not jobs.progress(Job.objects.get(pk=job.pk))["complete"]

    with celery_worker(tmp_path, name="bulk", queues="mail,bulk"):
        wait_for(
            lambda: jobs.progress(Job.objects.get(pk=job.pk))["complete"], timeout=60, what="the e-mails"
        )
    line = _status_line(client, job)
    assert "Finished" in line and "3 of 3 issued · 3 of 3 e-mailed" in line


def test_the_run_page_counts_what_was_issued_not_what_was_skipped(
    client, finance, django_capture_on_commit_callbacks
):
    standard = make_catalogue()
    year = _approved_orders(2, standard)
    annual = factories.SchoolFactory(name="Zetland Infants")
    make_order(school=annual, standard=standard, status="approved", instalments=1)
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_invoice_run(financial_year=year, instalment=2, by=finance)
        jobs.execute(job.pk)
    line = _status_line(client, job)
    assert "Finished</strong>: 2 of 3 issued · 2 of 2 e-mailed" in line
