"""SLA invoice runs: a recorded job that issues each instalment invoice once, numbers them without gaps,
e-mails them with the PDF, survives Redis being down and can retry what failed."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError

from hub import jobs
from hub.billing.models import Invoice, InvoiceLine
from hub.models import Job, JobItem, OutgoingEmail
from schools.errors import InvoicingError
from schools.services import invoicing
from schools.services.invoice_runs import start_invoice_run
from tests import factories
from tests.sla_factories import make_catalogue, make_order


@pytest.fixture
def orders(db, school, other_school):
    """Three approved orders (two termly, one annual), a draft, and finance contacts to e-mail."""
    standard = make_catalogue()
    factories.SchoolContactFactory(school=school, user__email="bursar@hillside.example.org", can_order=True)
    factories.SchoolContactFactory(
        school=other_school, user__email="bm@riverside.example.org", can_order=True
    )
    third = factories.SchoolFactory(name="Zetland Infants")
    return {
        "year": standard.catalogue.financial_year,
        "standard": standard,
        "termly": make_order(school=school, standard=standard, status="approved", lines=[(standard.cpd, 2)]),
        "termly2": make_order(school=other_school, standard=standard, status="approved"),
        "annual": make_order(school=third, standard=standard, status="approved", instalments=1),
        "draft": make_order(school=factories.SchoolFactory(), standard=standard),
    }


def _run(year, instalment, by=None, capture=None):
    job = start_invoice_run(financial_year=year, instalment=instalment, by=by)
    jobs.execute(job.pk)
    job.refresh_from_db()
    return job


def _numbers():
    return sorted(Invoice.objects.values_list("number", flat=True))


def test_a_run_invoices_each_approved_order_once_and_emails_the_pdf(
    orders, finance, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(orders["year"], 1, by=finance)
    assert job.status == Job.Status.DONE
    assert job.items.filter(status="done").count() == 3  # the draft is not part of the run
    invoice = Invoice.objects.get(account__reference=f"URN{orders['termly'].school.urn}")
    assert invoice.display_number == f"SLA-{orders['year'].name}-{invoice.number:05d}"
    # A third of the Silver package (2,450.00) and of two CPD sessions (360.00 + 20% VAT).
    assert invoice.net == Decimal("816.67") + Decimal("120.00")
    assert invoice.vat == Decimal("24.00")
    sent = [m for m in mailoutbox if "bursar@hillside.example.org" in m.to]
    assert len(sent) == 1
    filename, content, mime = sent[0].attachments[0]
    assert (
        filename == f"{invoice.display_number}.pdf" and mime == "application/pdf" and content[:4] == b"%PDF"
    )
    assert OutgoingEmail.objects.filter(job=job, status="sent").count() == 2
    assert job.items.get(label__startswith="Zetland").detail.endswith("; no finance contact to e-mail")


def test_running_it_again_issues_nothing_new(orders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run(orders["year"], 1)
        again = _run(orders["year"], 1)
    assert Invoice.objects.count() == 3
    assert set(again.items.values_list("status", "detail")) == {
        ("skipped", "Already invoiced for this instalment.")
    }


def test_three_instalments_add_up_to_the_order_and_annual_payers_are_skipped_after_the_first(
    orders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for instalment in (1, 2, 3):
            job = _run(orders["year"], instalment)
    annual = job.items.get(label__startswith="Zetland")
    assert (annual.status, annual.detail) == ("skipped", "Pays in one annual instalment.")
    termly = Invoice.objects.filter(account__reference=f"URN{orders['termly'].school.urn}")
    assert sum(i.net for i in termly) == Decimal("2450.00") + Decimal("360.00")
    assert _numbers() == list(range(1, 8))


def test_a_second_run_for_the_same_instalment_while_one_is_active_is_refused(orders):
    start_invoice_run(financial_year=orders["year"], instalment=1, by=None)
    with pytest.raises(InvoicingError, match="already under way"):
        start_invoice_run(financial_year=orders["year"], instalment=1, by=None)
    assert Job.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_issue_each_invoice_once_with_no_gaps_in_numbering(staff_groups):
    standard = make_catalogue()
    for _ in range(12):
        make_order(school=factories.SchoolFactory(), standard=standard, status="approved")
    year = standard.catalogue.financial_year
    first = start_invoice_run(financial_year=year, instalment=1, by=None)
    second = start_invoice_run(financial_year=year, instalment=2, by=None)
    # Two workers on the first run and one on the second, all at once, on the real database.
    barrier = threading.Barrier(3)

    def work(job_id):
        barrier.wait()
        try:
            jobs.execute(job_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job_id,)) for job_id in (first.pk, first.pk, second.pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Invoice.objects.count() == 24
    assert _numbers() == list(range(1, 25))
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys))
    assert set(JobItem.objects.values_list("status", flat=True)) == {"done"}


def test_when_redis_is_down_the_run_is_recorded_and_starts_when_it_is_back(
    orders, finance, client, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    from hub.tasks import run_job

    client.force_login(finance)
    with monkeypatch.context() as patch:
        patch.setattr(run_job, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("schools:invoice-runs"), {"financial_year": orders["year"].pk, "instalment": 1}
            )
    job = Job.objects.get()
    assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    assert (job.status, job.dispatched_at) == (Job.Status.QUEUED, None)
    page = client.get(response.url).content.decode()
    assert "The task queue cannot be reached just now." in page
    assert not Invoice.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep() == {"jobs": 1}
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and Invoice.objects.count() == 3


def test_a_failed_item_says_why_and_can_be_retried(
    orders, finance, client, monkeypatch, django_capture_on_commit_callbacks
):
    real = invoicing.instalment_charges

    def flaky(subscription, instalment):
        if subscription.pk == orders["termly2"].pk:
            raise RuntimeError("The school's address is missing a postcode")
        return real(subscription, instalment)

    with monkeypatch.context() as patch:
        patch.setattr(invoicing, "instalment_charges", flaky)
        with django_capture_on_commit_callbacks(execute=True):
            job = _run(orders["year"], 1, by=finance)
    failed = job.items.get(status="failed")
    assert failed.detail == "The school's address is missing a postcode"
    assert Invoice.objects.count() == 2 and _numbers() == [1, 2]  # the failure took no number

    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hub:job-retry", kwargs={"public_id": job.public_id}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.items.filter(status="done").count() == 3
    assert _numbers() == [1, 2, 3]


def test_the_job_page_shows_progress_and_stops_polling_when_complete(
    orders, finance, client, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    job = start_invoice_run(financial_year=orders["year"], instalment=1, by=finance)
    url = reverse("hub:job-progress", kwargs={"public_id": job.public_id})
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.execute(job.pk)
    page = client.get(url).content.decode()
    assert "Finished</strong>: 3 of 3 issued · 2 of 2 e-mailed" in page and "every 1s" not in page


def test_the_command_runs_an_instalment_here(orders, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "sla_invoice_run", "--year", str(orders["year"].ends_on.year), "--instalment", "1", "--here"
        )
    out = capsys.readouterr().out
    assert "3 done, 0 skipped, 0 failed" in out
    assert Invoice.objects.count() == 3


def test_the_command_refuses_an_unknown_year(orders):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No financial year ends in 1999"):
        call_command("sla_invoice_run", "--year", "1999", "--instalment", "1")
