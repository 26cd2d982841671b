"""The family billing run: a recorded job issuing one termly invoice per paying account.

It asks every registered charge source (hub/billing/sources.py) for the term's charges, and bills each
paying account (a guardian's family account, or a school's for lessons it pays for under its SLA) once,
child by child (hub/billing/family_bill.py). Repeated or retried, it charges nothing twice: each line's
source key is live once. Worker crashes are recovered by hub.jobs; a second run over a term is refused
while one is under way.

A county's run is ten thousand bills, so the run bills payers a hundred at a time (hub.jobs batches), each
batch in a fixed number of queries, and sends each batch's e-mails in one worker task. The e-mails link
to the bill instead of carrying its PDF; beat's sweep draws the PDFs after the run.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from hub import jobs
from hub.access import Section
from hub.billing import family_bill, sources
from hub.billing.family import ensure_family_accounts
from hub.billing.models import BillingAccount, Invoice, InvoiceLine
from hub.billing.numbering import family_series
from hub.billing.services import AlreadyCharged, Bill, BillingError, Charge, issue_invoices
from hub.billing.sources import FamilyCharge, Payer, term_name
from hub.mail import queue_emails, render_email, site_url
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


def _accounts(payers: list[Payer]) -> dict[Payer, BillingAccount]:
    """Each payer's account: a guardian's family account (made at their first bill), or the school's."""
    guardians = Guardian.objects.select_related("user").filter(
        pk__in=[p.guardian_id for p in payers if p.is_family]
    )
    family = ensure_family_accounts(guardians)
    schools = BillingAccount.objects.in_bulk([p.account_id for p in payers if not p.is_family])
    return {
        payer: family[payer.guardian_id] if payer.guardian_id is not None else schools[payer.account_id]
        for payer in payers
        if payer.guardian_id in family or payer.account_id in schools
    }


def _not_yet_charged(charges: list[Charge]) -> set[str]:
    """The source keys not live yet, in one query: an enrolment added since the last run is billed alone."""
    keys = [charge.source_key for charge in charges]
    charged = set(
        InvoiceLine.objects.filter(source_key__in=keys, is_live=True).values_list("source_key", flat=True)
    )
    return set(keys) - charged


def bill_payers(
    *,
    term: Term,
    payers: list[Payer],
    by: User | None,
    job: Job | None = None,
    notify: bool = True,
    draw_now: bool = True,
) -> dict[Payer, Invoice | None | BillingError]:
    """Issue each payer's bill for the term in one go, and queue their e-mails (unless `notify` is False:
    the demo's bills). For each payer: the invoice; None when there is nothing new to bill; or the
    BillingError that stops their bill alone. Raises AlreadyCharged when another run issued a line first.

    It takes a fixed number of queries however many payers there are. A run passes `draw_now=False`: its
    thousands of PDFs are drawn by beat's sweep after its e-mails have gone (a download draws one at once).
    """
    charges: dict[Payer, list[FamilyCharge]] = {payer: [] for payer in payers}
    for charge in sources.charges_for(term, payers):
        charges[charge.payer].append(charge)
    lines = {
        payer: [line for child in family_bill.bill(charges[payer]) for line in child.charges]
        for payer in payers
    }
    fresh = _not_yet_charged([line for payer in payers for line in lines[payer]])
    outcomes: dict[Payer, Invoice | None | BillingError] = dict.fromkeys(payers)
    to_bill: dict[Payer, list[Charge]] = {}
    for payer in payers:
        new = [line for line in lines[payer] if line.source_key in fresh]
        if new and sum((line.net for line in new), ZERO) < 0:
            outcomes[payer] = BillingError(
                "Only credits are left to bill: give them on a credit note instead."
            )
        elif new:
            to_bill[payer] = new
    accounts = _accounts(list(to_bill))
    title = f"Music lessons and activities, {term_name(term)}"
    invoices = issue_invoices(
        series_code=family_series(term.starts_on),
        bills=[Bill(account=accounts[payer], charges=new, title=title) for payer, new in to_bill.items()],
        by=by,
        payment_days=settings.FAMILY_PAYMENT_DAYS,
        draw_now=draw_now,
    )
    outcomes.update(zip(to_bill, invoices, strict=True))
    if notify:
        email_bills(invoices=invoices, job=job)
    return outcomes


def bill_payer(
    *, term: Term, payer: Payer, by: User | None, job: Job | None = None, notify: bool = True
) -> Invoice | None:
    """Issue one payer's bill for the term (bill_payers for one); None when there is nothing new to bill.

    BillingError when their bill cannot be issued; AlreadyCharged when another run issued a line first.
    """
    outcome = bill_payers(term=term, payers=[payer], by=by, job=job, notify=notify)[payer]
    if isinstance(outcome, BillingError):
        raise outcome
    return outcome


def email_bills(*, invoices: list[Invoice], job: Job | None = None) -> int:
    """Queue each bill's e-mail to its account's address, sent in one batch; how many have an address.

    The e-mail links to the bill, where the family sees it, downloads its PDF and pays it, rather than
    carrying the PDF: a bill names children and their remissions, which should not sit in a mailbox, and a
    county's ten thousand PDFs are drawn after the run instead of holding up its e-mails.
    """
    messages = [
        render_email(
            "billing/email/family_bill",
            {"invoice": invoice, "greeting": f"Dear {invoice.billed_name},", "link": _link(invoice)},
            to=[invoice.billed_email],
        )
        for invoice in invoices
        if invoice.billed_email
    ]
    queue_emails(messages, job=job)
    return len(messages)


def _link(invoice: Invoice) -> str:
    # A family's bill opens on its own page, where it can be paid; a school's, on the portal's home.
    if invoice.account.kind == BillingAccount.Kind.FAMILY:
        return site_url(reverse("bills:bill-detail", args=[invoice.public_id]))
    return site_url("/")


def _process_many(job: Job, items: list[JobItem]) -> list[jobs.Outcome]:
    term = Term.objects.get(pk=job.params["term"])
    payers = [Payer.from_key(item.key) for item in items]
    bills = bill_payers(term=term, payers=payers, by=job.created_by, job=job, draw_now=False)
    return [_outcome(bills[payer]) for payer in payers]


def _process(job: Job, item: JobItem) -> jobs.Outcome:
    """One payer's bill: a batch that failed is done again this way, so a fault stays with its payer."""
    try:
        return _process_many(job, [item])[0]
    except AlreadyCharged:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Already billed for this term.")
    except BillingError as error:
        return jobs.Outcome(JobItem.Status.SKIPPED, str(error))


def _outcome(bill: Invoice | None | BillingError) -> jobs.Outcome:
    if isinstance(bill, BillingError):
        return jobs.Outcome(JobItem.Status.SKIPPED, str(bill))
    if bill is None:
        return jobs.Outcome(JobItem.Status.SKIPPED, "Already billed for this term.")
    detail = f"{bill.display_number}, £{bill.total:,.2f}" + (
        "" if bill.billed_email else "; no e-mail address to send it to"
    )
    return jobs.Outcome(JobItem.Status.DONE, detail, {"invoice": str(bill.public_id)})


jobs.register(
    jobs.JobKind(
        name=RUN_KIND,
        plan=_plan,
        process=_process,
        process_many=_process_many,
        batch=settings.FAMILY_BILLING_BATCH,
        roles=Section.MONEY,
        done_word="issued",
    )
)
