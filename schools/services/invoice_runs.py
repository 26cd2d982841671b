"""The SLA invoice run: a recorded job invoicing one instalment of a year's approved orders."""

from django.db import transaction

from hub import jobs
from hub.access import Section
from hub.billing.services import (
    AlreadyCharged,
)
from hub.models import FinancialYear, Job, JobItem, User
from schools.errors import InvoicingError
from schools.models import Subscription
from schools.services.invoicing import invoice_for_instalment

RUN_KIND = "sla_invoice_run"


def start_invoice_run(*, financial_year: FinancialYear, instalment: int, by: User | None) -> Job:
    """Record an invoice run for one instalment of a year's approved orders; Celery carries it out."""
    if instalment not in (1, 2, 3):
        raise InvoicingError("Choose instalment 1, 2 or 3.")
    if not Subscription.objects.filter(catalogue__financial_year=financial_year).exists():
        raise InvoicingError(f"There are no SLA orders for {financial_year}.")
    try:
        return jobs.start_job(
            kind=RUN_KIND,
            params={"financial_year": financial_year.pk, "instalment": instalment},
            scope=f"{financial_year.pk}:{instalment}",
            title=f"SLA invoice run {financial_year}, instalment {instalment}",
            by=by,
        )
    except jobs.JobError as error:
        raise InvoicingError(str(error)) from error


def _plan(job: Job):
    orders = (
        Subscription.objects.filter(
            catalogue__financial_year_id=job.params["financial_year"], status=Subscription.Status.APPROVED
        )
        .select_related("school")
        .order_by("school__name", "pk")
    )
    return [(f"subscription:{s.pk}", f"{s.school.name} ({s.school.urn})") for s in orders]


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    subscription = Subscription.objects.get(pk=int(item.key.split(":")[1]))
    instalment = job.params["instalment"]
    if instalment > subscription.instalments:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Pays in one annual instalment.")
    try:
        with transaction.atomic():
            invoice = invoice_for_instalment(
                subscription=subscription, instalment=instalment, by=job.created_by, job=job
            )
    except AlreadyCharged:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Already invoiced for this instalment.")
    except InvoicingError as error:
        return jobs.Outcome(JobItem.Status.SKIPPED, str(error))
    emailed = invoice.billed_email != ""
    detail = f"{invoice.display_number}, £{invoice.total:,.2f}" + (
        "" if emailed else "; no finance contact to e-mail"
    )
    return jobs.Outcome(JobItem.Status.DONE, detail, {"invoice": str(invoice.public_id)})


jobs.register(
    jobs.JobKind(name=RUN_KIND, plan=_plan, process=_process, roles=Section.MONEY, done_word="issued")
)
