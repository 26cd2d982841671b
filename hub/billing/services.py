"""Writes to the ledger: issuing invoices from charges, numbering them without gaps, credits and payments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hub.audit import record_created
from hub.billing import credit_lines
from hub.billing.models import BillingAccount, Invoice, InvoiceLine, InvoiceSeries
from hub.billing.numbering import credit_note_series
from hub.billing.selectors import with_amounts
from hub.models import User
from hub.money import ZERO, round_money, vat_on
from hub.queue import send_to_worker

if TYPE_CHECKING:
    from hub.billing.selectors import InvoiceWithAmounts


class BillingError(Exception):
    """A billing action that cannot go ahead, with a reason a person can read."""


class AlreadyCharged(BillingError):
    """A charge with this source key is already on a live invoice line."""


@dataclass(frozen=True)
class Charge:
    """What an app hands billing: one line to put on an invoice, named by what it charges for."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    source_key: str
    vat_rate: Decimal = ZERO
    # Set when the VAT is a share of a larger charge's (instalments), so that the shares add up exactly.
    vat: Decimal | None = None

    @property
    def vat_amount(self) -> Decimal:
        return vat_on(self.net, self.vat_rate) if self.vat is None else self.vat

    @property
    def net(self) -> Decimal:
        return round_money(self.quantity * self.unit_price)


@transaction.atomic
def ensure_account(
    *, kind: str, reference: str, name: str, address: str, email: str, area_id: int | None = None
) -> BillingAccount:
    """The account with this reference, its name, address, e-mail and area brought up to date."""
    fields = {"name": name, "address": address, "email": email, "area_id": area_id}
    account, created = BillingAccount.objects.select_for_update().get_or_create(
        reference=reference, defaults={"kind": kind, **fields}
    )
    if not created and any(getattr(account, field) != value for field, value in fields.items()):
        for field, value in fields.items():
            setattr(account, field, value)
        account.save(update_fields=[field.removesuffix("_id") for field in fields])
    return account


def take_number(series_code: str, count: int = 1) -> tuple[InvoiceSeries, int]:
    """The next number in a series (the first of the next `count`). Call inside the transaction that saves
    the invoices: the counter row stays locked until it commits, so numbers are unique and, since a rollback
    gives them back, gap-free, however many runs issue at once."""
    InvoiceSeries.objects.get_or_create(code=series_code)
    series = InvoiceSeries.objects.select_for_update().get(code=series_code)
    number = series.next_number
    series.next_number = number + count
    series.save(update_fields=["next_number"])
    return series, number


def _printed_details(account: BillingAccount) -> dict:
    """Everything a document prints about who bills whom, copied so that it reads the same for ever."""
    return {
        "billed_name": account.name,
        "billed_address": account.address,
        "billed_email": account.email,
        "account_reference": account.reference,
        "hub_name": settings.HUB_NAME,
        "hub_address": settings.HUB_ADDRESS,
        "hub_email": settings.HUB_EMAIL,
        "vat_number": settings.HUB_VAT_NUMBER,
        "payment_details": settings.HUB_PAYMENT_DETAILS,
        "footer": settings.HUB_INVOICE_FOOTER,
    }


def _render_when_committed(document: Invoice) -> None:
    """A worker renders and stores the document's PDF once it is committed; beat's sweep catches a miss."""
    transaction.on_commit(lambda: send_to_worker("hub.billing.tasks.render_invoice_pdf", document.pk))


@dataclass(frozen=True)
class Bill:
    """One invoice of a batch (issue_invoices): whose it is, what it charges and what it is for."""

    account: BillingAccount
    charges: list[Charge]
    title: str


@dataclass(frozen=True)
class _Draft:
    """A document about to be numbered: its account, its lines (InvoiceLine fields) and what it prints."""

    account: BillingAccount
    lines: list[dict]
    title: str
    notes: str
    audit: dict
    credits: Invoice | None = None


def _issue_documents(
    *,
    series_code: str,
    drafts: list[_Draft],
    issue_date: datetime.date,
    due_date: datetime.date,
    by: User | None,
    twice: str,
    draw_now: bool = True,
) -> list[Invoice]:
    """Number and save invoices or credit notes with their lines and printed details, in a few statements
    however many there are; each is rendered on commit (`draw_now`) or by beat's sweep of undrawn documents.

    `twice` is the message when one of their source keys is already live.
    """
    series, first = take_number(series_code, count=len(drafts))
    now = timezone.now()
    documents = Invoice.objects.bulk_create(
        Invoice(
            kind=Invoice.Kind.INVOICE if draft.credits is None else Invoice.Kind.CREDIT_NOTE,
            credits=draft.credits,
            account=draft.account,
            series=series,
            number=first + offset,
            issued_at=now,
            issue_date=issue_date,
            due_date=due_date,
            **_printed_details(draft.account),
            title=draft.title,
            notes=draft.notes,
            net=(net := sum((line["net"] for line in draft.lines), ZERO)),
            vat=(vat := sum((line["vat"] for line in draft.lines), ZERO)),
            total=net + vat,
            issued_by=by,
        )
        for offset, draft in enumerate(drafts)
    )
    try:
        # A savepoint, so that a lost race on a source key raises AlreadyCharged and the caller's
        # transaction (and the numbers it took) rolls back cleanly.
        with transaction.atomic():
            InvoiceLine.objects.bulk_create(
                InvoiceLine(invoice=document, position=position, **values)
                for document, draft in zip(documents, drafts, strict=True)
                for position, values in enumerate(draft.lines, start=1)
            )
    except IntegrityError as error:
        raise AlreadyCharged(twice) from error
    if draw_now:
        for document in documents:
            _render_when_committed(document)
    record_created(
        actor=by,
        created=[
            (document, {"number": document.display_number, **draft.audit, "total": str(document.total)})
            for document, draft in zip(documents, drafts, strict=True)
        ],
    )
    return documents


def _charged_line(charge: Charge) -> dict:
    net, vat = charge.net, charge.vat_amount
    return {
        "description": charge.description,
        "quantity": charge.quantity,
        "unit_price": charge.unit_price,
        "vat_rate": charge.vat_rate,
        "net": net,
        "vat": vat,
        "gross": net + vat,
        "source_key": charge.source_key,
    }


@transaction.atomic
def issue_invoice(
    *,
    account: BillingAccount,
    series_code: str,
    charges: list[Charge],
    title: str,
    by: User | None,
    issue_date: datetime.date | None = None,
    payment_days: int | None = None,
    notes: str = "",
) -> Invoice:
    """Issue an invoice for the charges, copying names and addresses onto it; refuses a charge twice."""
    (invoice,) = issue_invoices(
        series_code=series_code,
        bills=[Bill(account=account, charges=charges, title=title)],
        by=by,
        issue_date=issue_date,
        payment_days=payment_days,
        notes=notes,
    )
    return invoice


@transaction.atomic
def issue_invoices(
    *,
    series_code: str,
    bills: list[Bill],
    by: User | None,
    issue_date: datetime.date | None = None,
    payment_days: int | None = None,
    notes: str = "",
    draw_now: bool = True,
) -> list[Invoice]:
    """Issue an invoice for each bill, numbered in order, all or none; refuses a charge twice.

    A run issues its bills a hundred at a time through here, with `draw_now=False`: thousands of PDFs are
    drawn by beat's sweep after the run rather than queued ahead of its e-mails.
    """
    if not bills:
        return []
    keys = [c.source_key for bill in bills for c in bill.charges if c.source_key]
    if len(keys) != len(set(keys)):
        raise BillingError("The same charge appears twice on one invoice.")
    if keys and InvoiceLine.objects.filter(source_key__in=keys, is_live=True).exists():
        raise AlreadyCharged("Already invoiced.")
    drafts = []
    for bill in bills:
        if not bill.charges:
            raise BillingError("An invoice needs at least one line.")
        lines = [_charged_line(charge) for charge in bill.charges]
        if sum((line["gross"] for line in lines), ZERO) < 0:
            raise BillingError("An invoice cannot total less than nothing: issue a credit note instead.")
        audit = {"account": bill.account.reference}
        drafts.append(_Draft(account=bill.account, lines=lines, title=bill.title, notes=notes, audit=audit))
    issue_date = issue_date or timezone.localdate()
    days = settings.SCHOOL_PAYMENT_DAYS if payment_days is None else payment_days
    return _issue_documents(
        series_code=series_code,
        drafts=drafts,
        issue_date=issue_date,
        due_date=issue_date + datetime.timedelta(days=days),
        by=by,
        twice="Already invoiced.",
        draw_now=draw_now,
    )


def locked_with_amounts(invoice: Invoice) -> InvoiceWithAmounts:
    """The invoice with its row locked, so that credits and payments on it queue behind each other, and
    its amounts as with_amounts() reads them for every page. Two statements: the amounts must be read
    after the lock is granted, or they would miss what the transaction before us committed."""
    Invoice.objects.select_for_update().filter(pk=invoice.pk).values_list("pk").get()
    return with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()


def _credit_for_charge(charge: Charge) -> dict:
    """A credit line for a reduction (a charge with a negative quantity), priced as the order prices it."""
    net, vat = -charge.net, -charge.vat_amount
    if net <= 0:
        raise BillingError("A reduction must take something away.")
    return {
        "description": f"Credit: {charge.description}"[:300],
        "quantity": -charge.quantity,
        "unit_price": charge.unit_price,
        "vat_rate": charge.vat_rate,
        "net": net,
        "vat": vat,
        "gross": net + vat,
        "source_key": charge.source_key,
    }


def _creditable(invoice: Invoice, reason: str) -> tuple[InvoiceWithAmounts, Decimal]:
    """The invoice, locked, and how much of it is left to credit; refuses what cannot be credited."""
    invoice = locked_with_amounts(invoice)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise BillingError("A credit note cannot itself be credited.")
    if not reason.strip():
        raise BillingError("Give a reason for the credit note.")
    # Policy: credits may reach the invoice's total less the credits already issued, whatever has been paid;
    # crediting a paid invoice leaves the account in credit (a refund is made outside the portal).
    creditable = invoice.total - invoice.credited
    if creditable <= 0:
        raise BillingError(f"{invoice.display_number} has already been credited in full.")
    return invoice, creditable


def _check_credit(invoice: Invoice, amount: Decimal, creditable: Decimal) -> None:
    if amount <= 0:
        raise BillingError("A credit must be more than £0.00.")
    if amount > creditable:
        raise BillingError(f"At most £{creditable:,.2f} of {invoice.display_number} is left to credit.")


def _issue_credit_note(*, invoice: Invoice, lines: list[dict], reason: str, by: User | None) -> Invoice:
    issue_date = timezone.localdate()
    audit = {"credits": invoice.display_number, "reason": reason.strip()}
    title = f"Credit note for {invoice.display_number}"
    (note,) = _issue_documents(
        series_code=credit_note_series(issue_date),
        drafts=[
            _Draft(
                account=invoice.account,
                lines=lines,
                title=title,
                notes=reason.strip(),
                audit=audit,
                credits=invoice,
            )
        ],
        issue_date=issue_date,
        due_date=issue_date,
        by=by,
        twice="This reduction has already been credited.",
    )
    return note


@transaction.atomic
def credit_invoice(
    *, invoice: Invoice, amount: Decimal | None = None, reason: str, by: User | None
) -> Invoice:
    """Credit an invoice in part, or whole (amount None) so that its charges are freed to be charged again."""
    invoice, creditable = _creditable(invoice, reason)
    amount = creditable if amount is None else round_money(amount)
    _check_credit(invoice, amount, creditable)
    lines = list(
        invoice.lines.annotate(
            credited=Coalesce(Sum("credit_lines__gross"), ZERO),
            credited_net=Coalesce(Sum("credit_lines__net"), ZERO),
        ).order_by("position")
    )
    room = [line.gross - line.credited for line in lines]
    shares = room if sum(room, ZERO) == amount else credit_lines.share_out(amount, room)
    credits = [
        credit_lines.credit_values(line, share) for line, share in zip(lines, shares, strict=True) if share
    ]
    note = _issue_credit_note(invoice=invoice, lines=credits, reason=reason, by=by)
    if amount == creditable:
        # Fully credited: its charges are no longer live, so the app that raised them may charge again.
        invoice.lines.filter(is_live=True).update(is_live=False)
    return note


@transaction.atomic
def credit_charges(*, invoice: Invoice, charges: list[Charge], reason: str, by: User | None) -> Invoice:
    """Credit reductions (such as an SLA amendment taking a service away) against an invoice, priced as
    the order prices them; the invoice's own charges stand."""
    invoice, creditable = _creditable(invoice, reason)
    credits = [_credit_for_charge(charge) for charge in charges]
    _check_credit(invoice, sum((c["gross"] for c in credits), ZERO), creditable)
    return _issue_credit_note(invoice=invoice, lines=credits, reason=reason, by=by)
