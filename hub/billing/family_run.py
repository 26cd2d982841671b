"""The family billing run: a recorded job issuing one termly invoice per paying account.

It asks every registered charge source (hub/billing/sources.py) for the term's charges, and bills each
paying account (a guardian's family account, or a school's for lessons it pays for under its SLA) once,
child by child (hub/billing/family_bill.py). Repeated or retried, it charges nothing twice: each line's
source key is live once. Worker crashes are recovered by hub.jobs; a second run over a term is refused
while one is under way.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from hub import jobs
from hub.access import Section
from hub.billing import family_bill, sources
from hub.billing.family import ensure_family_account
from hub.billing.models import BillingAccount, Invoice, InvoiceLine
from hub.billing.numbering import family_series
from hub.billing.services import AlreadyCharged, BillingError, Charge, issue_invoice
from hub.billing.sources import Payer, term_name
from hub.mail import send_templated, site_url
from hub.models import Guardian, Job, JobItem, Term, User
from hub.money import ZERO

RUN_KIND = "family_billing_run"
# A county's run is ten thousand bills: two executors share its items (hub.jobs claims them with
# skip_locked), so both processes of the default worker issue bills at once.
EXECUTORS = 2


def start_family_run(*, term: Term, by: User | None) -> Job:
    """Record a family billing run for the term; Celery carries it out. Refused while one is under way."""
    if not sources.registered():
        raise BillingError("Nothing bills families yet: no charge source is registered.")
    try:
        job = jobs.start_job(
            kind=RUN_KIND,
            params={"term": term.pk},
            scope=f"term:{term.pk}",
            title=f"Family billing run, {term_name(term)}",
            by=by,
        )
    except jobs.JobError as error:
        raise BillingError(str(error)) from error
    for _ in range(EXECUTORS - 1):
        transaction.on_commit(lambda: jobs.dispatch(job.pk))
    return job


def _labels(payers: set[Payer]) -> dict[str, str]:
    guardians = Guardian.objects.filter(pk__in=[p.guardian_id for p in payers if p.is_family])
    accounts = BillingAccount.objects.filter(pk__in=[p.account_id for p in payers if not p.is_family])
    labels = {
        f"guardian:{pk}": f"{first} {last}".strip() or email
        for pk, first, last, email in guardians.values_list(
            "pk", "user__first_name", "user__last_name", "user__email"
        )
    }
    labels.update(
        (f"account:{pk}", f"{name} ({ref})")
        for pk, name, ref in accounts.values_list("pk", "name", "reference")
    )
    return labels


def _plan(job: Job) -> list[tuple[str, str]]:
    term = Term.objects.get(pk=job.params["term"])
    payers = {charge.payer for charge in sources.charges_for(term)}
    labels = _labels(payers)
    return sorted(((p.key, labels.get(p.key, p.key)) for p in payers), key=lambda item: (item[1], item[0]))


def _account(payer: Payer) -> BillingAccount:
    if payer.guardian_id is not None:
        return ensure_family_account(Guardian.objects.select_related("user").get(pk=payer.guardian_id))
    assert payer.account_id is not None  # a payer is one or the other
    return BillingAccount.objects.get(pk=payer.account_id)


def _not_yet_charged(charges: list[Charge]) -> list[Charge]:
    """The lines whose source keys are not live yet: an enrolment added since the last run is billed alone."""
    keys = [charge.source_key for charge in charges]
    charged = set(
        InvoiceLine.objects.filter(source_key__in=keys, is_live=True).values_list("source_key", flat=True)
    )
    return [charge for charge in charges if charge.source_key not in charged]


def bill_payer(
    *, term: Term, payer: Payer, by: User | None, job: Job | None = None, notify: bool = True
) -> Invoice | None:
    """Issue the payer's bill for the term and queue its e-mail (unless `notify` is False: the demo's bills);
    None when there is nothing new to bill.

    AlreadyCharged when another run issued the same lines first.
    """
    children = family_bill.bill(sources.charges_for(term, payer))
    charges = _not_yet_charged([charge for child in children for charge in child.charges])
    if not charges:
        return None
    if sum((charge.net for charge in charges), ZERO) < 0:
        raise BillingError("Only credits are left to bill: give them on a credit note instead.")
    account = _account(payer)
    invoice = issue_invoice(
        account=account,
        series_code=family_series(term.starts_on),
        charges=charges,
        title=f"Music lessons and activities, {term_name(term)}",
        by=by,
        payment_days=settings.FAMILY_PAYMENT_DAYS,
    )
    if notify:
        email_bill(invoice=invoice, job=job)
    return invoice


def email_bill(*, invoice: Invoice, job: Job | None = None) -> bool:
    """Queue the bill, PDF attached, to the account's e-mail address; False when it has none."""
    context = {
        "invoice": invoice,
        "greeting": f"Dear {invoice.billed_name},",
        # A family's bill opens on its own page, where it can be paid; a school's, on the portal's home.
        "link": site_url(
            reverse("bills:bill-detail", args=[invoice.public_id])
            if invoice.account.kind == BillingAccount.Kind.FAMILY
            else "/"
        ),
    }
    to = [invoice.billed_email] if invoice.billed_email else []
    email = send_templated(
        "billing/email/family_bill",
        context,
        to=to,
        attachments=[{"kind": "invoice", "id": invoice.pk}],
        job=job,
    )
    return email is not None


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    term = Term.objects.get(pk=job.params["term"])
    try:
        with transaction.atomic():
            invoice = bill_payer(term=term, payer=Payer.from_key(item.key), by=job.created_by, job=job)
    except AlreadyCharged:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Already billed for this term.")
    except BillingError as error:
        return jobs.Outcome(JobItem.Status.SKIPPED, str(error))
    if invoice is None:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Already billed for this term.")
    detail = f"{invoice.display_number}, £{invoice.total:,.2f}" + (
        "" if invoice.billed_email else "; no e-mail address to send it to"
    )
    return jobs.Outcome(JobItem.Status.DONE, detail, {"invoice": str(invoice.public_id)})


jobs.register(
    jobs.JobKind(name=RUN_KIND, plan=_plan, process=_process, roles=Section.MONEY, done_word="issued")
)
