"""SLA invoices: a school's billing account, and the charges and invoices of instalments and amendments."""

import datetime
from collections.abc import Iterable

from hub.billing.models import BillingAccount, Invoice
from hub.billing.numbering import series_code
from hub.billing.selectors import with_amounts
from hub.billing.services import (
    AlreadyCharged,
    BillingError,
    Charge,
    credit_charges,
    ensure_account,
    issue_invoice,
)
from hub.models import FinancialYear, Job, User
from hub.money import ZERO
from schools.emails import email_invoice, finance_contacts
from schools.errors import InvoicingError
from schools.models import School, Subscription, SubscriptionLine
from schools.pricing import Instalment, LineAmount, agreed_instalments, instalment_plan, subscription_totals


def sla_series(financial_year: FinancialYear) -> str:
    """SLA invoices are numbered in a series of their financial year: 2026-27 -> SLA-2026-27."""
    return series_code("SLA", financial_year.name)


def school_account(school: School) -> BillingAccount:
    """The school's billing account, created on first use and kept in step with the register."""
    contacts = finance_contacts(school)
    account = ensure_account(
        kind=BillingAccount.Kind.SCHOOL,
        reference=f"URN{school.urn}",
        name=school.name,
        address="\n".join(school.address_lines),
        email=contacts[0].user.email if contacts else "",
        area_id=school.area_id,
    )
    if school.billing_account_id != account.pk:
        School.objects.filter(pk=school.pk).update(billing_account=account)
        school.billing_account = account
    return account


def _what(line: LineAmount) -> str:
    """An order line as an invoice names it: "Silver package", "CPD session (sessions)"."""
    return line.description if line.quantity is None else f"{line.description} ({line.units})"


def plan_charges(instalment: Instalment, *, prefix: str, heading: str) -> list[Charge]:
    """The invoice lines of one instalment of the plan, exactly as the plan prices them.

    Paid in one, each line is the ordered quantity at the unit price. Paid in instalments, each line is one
    share of an order line whose description names what was ordered ("10 hours at £25.00") and which
    instalment this is, so each line reads true and the instalments add up to the order.
    """
    charges = []
    for share in instalment.lines:
        line = share.line
        if instalment.of == 1:
            what = _what(line)
        elif line.quantity is None:
            what = f"{line.description} (instalment {instalment.number} of {instalment.of})"
        else:
            what = (
                f"{line.description}: {line.quantity.normalize():f} {line.unit_label} at "
                f"£{line.unit_price:,.2f} (instalment {instalment.number} of {instalment.of})"
            )
        charges.append(
            Charge(
                description=f"{heading}: {what}",
                quantity=share.quantity,
                unit_price=share.unit_price,
                vat_rate=line.vat_rate,
                vat=share.vat,
                source_key=f"{prefix}:{line.key}",
            )
        )
    return charges


def instalment_charges(
    subscription: Subscription, instalment: int, *, lines: Iterable[SubscriptionLine] | None = None
) -> list[Charge]:
    """What instalment n of an approved order charges: its share of the package and of each line.

    A share worth nothing (a 2p line's third share) is left off rather than printed as a £0.00 line.
    """
    lines = subscription.lines.select_related("service") if lines is None else lines
    plan = agreed_instalments(subscription, lines=lines)
    if not 1 <= instalment <= len(plan):
        raise InvoicingError(f"This order is paid in {len(plan)} instalment{'s' if len(plan) > 1 else ''}.")
    charges = plan_charges(
        plan[instalment - 1],
        prefix=f"sla:subscription:{subscription.pk}:instalment:{instalment}",
        heading=f"SLA {subscription.catalogue.financial_year}",
    )
    return [c for c in charges if c.net or c.vat_amount]


def invoice_for_instalment(
    *,
    subscription: Subscription,
    instalment: int,
    by: User | None,
    job: Job | None = None,
    issue_date: datetime.date | None = None,
    notify: bool = True,
) -> Invoice:
    """Issue instalment n of an approved order and queue its e-mail; AlreadyCharged if it was issued.

    `issue_date` and `notify=False` are for building history (the demo): an earlier date, and no e-mail.
    """
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("school", "catalogue__financial_year", "package")
        .get(pk=subscription.pk)
    )
    if subscription.status != Subscription.Status.APPROVED:
        raise InvoicingError("Only approved orders are invoiced.")
    charges = instalment_charges(subscription, instalment)
    if not charges:
        raise InvoicingError("Nothing to charge in this instalment.")
    year = subscription.catalogue.financial_year
    parts = subscription.instalments
    invoice = issue_invoice(
        account=school_account(subscription.school),
        series_code=sla_series(year),
        charges=charges,
        title=f"Music SLA {year}" + (f", instalment {instalment} of {parts}" if parts > 1 else ""),
        by=by,
        issue_date=issue_date,
    )
    if notify:
        email_invoice(invoice=invoice, school=subscription.school, job=job)
    return invoice


def amendment_charges(
    subscription: Subscription, amendment: int, *, lines: Iterable[SubscriptionLine] | None = None
) -> list[Charge]:
    """An amendment's lines, charged whole (quantity at unit price) as the order prices them."""
    lines = subscription.lines.select_related("service") if lines is None else lines
    totals = subscription_totals(subscription, amendment=amendment, lines=lines)
    (whole,) = instalment_plan(totals, 1)
    year = subscription.catalogue.financial_year
    return plan_charges(
        whole,
        prefix=f"sla:subscription:{subscription.pk}:amendment:{amendment}",
        heading=f"SLA {year} amendment {amendment}",
    )


def invoice_amendment(*, subscription: Subscription, amendment: int, by: User | None) -> Invoice:
    """Invoice an amendment: a supplementary invoice when it adds, a credit note when it takes away."""
    charges = amendment_charges(subscription, amendment)
    if not charges:
        raise InvoicingError("The amendment has no lines.")
    net = sum((c.net for c in charges), ZERO)
    account = school_account(subscription.school)
    year = subscription.catalogue.financial_year
    if net >= 0:
        invoice = issue_invoice(
            account=account,
            series_code=sla_series(year),
            charges=charges,
            title=f"Music SLA {year}, amendment {amendment}",
            by=by,
        )
        email_invoice(invoice=invoice, school=subscription.school)
        return invoice
    # A reduction is credited, priced as the order prices it, against the order's invoice that still owes
    # enough to absorb it (newest first); only failing that, against one already paid (the school is then
    # in credit).
    gross = -sum((c.net + c.vat_amount for c in charges), ZERO)
    invoices = with_amounts(
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE, lines__source_key__startswith=f"sla:subscription:{subscription.pk}:"
        ).distinct()
    )
    for invoice in sorted(invoices, key=lambda i: (i.outstanding < gross, -i.issued_at.timestamp())):
        try:
            note = credit_charges(
                invoice=invoice, charges=charges, reason=f"SLA amendment {amendment}", by=by
            )
        except AlreadyCharged:
            raise
        except BillingError:
            continue  # not enough left to credit on this invoice: try another
        email_invoice(invoice=note, school=subscription.school)
        return note
    raise InvoicingError("There is no invoice on this order with enough left to credit the reduction.")
