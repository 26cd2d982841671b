"""Writes to the ledger: issuing invoices from charges, numbering them without gaps, credits and payments."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hub.audit import record_change
from hub.billing.models import BillingAccount, Invoice, InvoiceLine, InvoiceSeries, Payment
from hub.billing.numbering import credit_note_series
from hub.models import AuditEvent, User
from hub.money import PENNY, ZERO, round_money, round_money_down, vat_on
from hub.queue import send_to_worker


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


def take_number(series_code: str) -> tuple[InvoiceSeries, int]:
    """The next number in a series. Call inside the transaction that saves the invoice: the counter row
    stays locked until it commits, so numbers are unique and, since a rollback gives the number back,
    gap-free, however many runs issue at once."""
    InvoiceSeries.objects.get_or_create(code=series_code)
    series = InvoiceSeries.objects.select_for_update().get(code=series_code)
    number = series.next_number
    series.next_number = number + 1
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
    if not charges:
        raise BillingError("An invoice needs at least one line.")
    keys = [c.source_key for c in charges if c.source_key]
    if len(keys) != len(set(keys)):
        raise BillingError("The same charge appears twice on one invoice.")
    if keys and InvoiceLine.objects.filter(source_key__in=keys, is_live=True).exists():
        raise AlreadyCharged("Already invoiced.")
    issue_date = issue_date or timezone.localdate()
    days = settings.SCHOOL_PAYMENT_DAYS if payment_days is None else payment_days
    lines = [(c, c.net, c.vat_amount) for c in charges]
    net = sum((n for _, n, _ in lines), ZERO)
    vat = sum((v for _, _, v in lines), ZERO)
    if net + vat < 0:
        raise BillingError("An invoice cannot total less than nothing: issue a credit note instead.")
    series, number = take_number(series_code)
    invoice = Invoice.objects.create(
        account=account,
        series=series,
        number=number,
        issued_at=timezone.now(),
        issue_date=issue_date,
        due_date=issue_date + datetime.timedelta(days=days),
        **_printed_details(account),
        title=title,
        notes=notes,
        net=net,
        vat=vat,
        total=net + vat,
        issued_by=by,
    )
    try:
        # A savepoint, so that a lost race on a source key raises AlreadyCharged and the caller's
        # transaction (and the number it took) rolls back cleanly.
        with transaction.atomic():
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    invoice=invoice,
                    position=position,
                    description=charge.description,
                    quantity=charge.quantity,
                    unit_price=charge.unit_price,
                    vat_rate=charge.vat_rate,
                    net=line_net,
                    vat=line_vat,
                    gross=line_net + line_vat,
                    source_key=charge.source_key,
                )
                for position, (charge, line_net, line_vat) in enumerate(lines, start=1)
            )
    except IntegrityError as error:
        raise AlreadyCharged("Already invoiced.") from error
    _render_when_committed(invoice)
    record_change(
        actor=by,
        instance=invoice,
        action=AuditEvent.Action.CREATED,
        after={"number": invoice.display_number, "account": account.reference, "total": str(invoice.total)},
    )
    return invoice


def _locked(invoice: Invoice) -> Invoice:
    """The invoice re-read with its row locked, so credits and payments on it queue behind each other."""
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def _credited_total(invoice: Invoice) -> Decimal:
    return invoice.credit_notes.aggregate(total=Sum("total"))["total"] or ZERO


def _paid_total(invoice: Invoice) -> Decimal:
    return invoice.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def _share_out(amount: Decimal, room: list[Decimal]) -> list[Decimal]:
    """Split `amount` across lines in proportion to what each has left to credit, never past it."""
    room = [max(r, ZERO) for r in room]  # a part credit never touches discount lines
    whole = sum(room, ZERO)
    shares = [round_money_down(amount * r / whole) for r in room]
    left = amount - sum(shares, ZERO)
    for i, r in enumerate(room):
        while left > 0 and shares[i] < r:
            shares[i] += PENNY
            left -= PENNY
    return shares


def _credit_values(line: InvoiceLine, gross: Decimal) -> dict:
    """A credit line's figures: the line as charged when it is credited whole, else one unit of the share."""
    if gross == line.gross:
        quantity, unit_price, net, vat = line.quantity, line.unit_price, line.net, line.vat
    elif gross == line.gross - line.credited:
        # The last of a line: exactly what is left of its net, so the notes add up to its net and VAT.
        net = line.net - line.credited_net
        quantity, unit_price, vat = Decimal("1.00"), net, gross - net
    else:
        net = round_money(gross * 100 / (100 + line.vat_rate))
        quantity, unit_price, vat = Decimal("1.00"), net, gross - net
    return {
        "description": f"Credit: {line.description}"[:300],
        "quantity": quantity,
        "unit_price": unit_price,
        "vat_rate": line.vat_rate,
        "net": net,
        "vat": vat,
        "gross": gross,
        "credited_line": line,
    }


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


@transaction.atomic
def issue_credit_note(
    *,
    invoice: Invoice,
    amount: Decimal | None = None,
    reason: str,
    by: User | None,
    charges: list[Charge] | None = None,
) -> Invoice:
    """Credit an invoice in whole (amount None) or in part; a credit that clears it frees its charges.

    With `charges` (reductions, such as an SLA amendment taking a service away), the credit note carries
    those lines, priced as the order prices them, and frees nothing: the invoice's own charges stand.
    """
    invoice = _locked(invoice)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise BillingError("A credit note cannot itself be credited.")
    if not reason.strip():
        raise BillingError("Give a reason for the credit note.")
    # Policy: credits may reach the invoice's total less the credits already issued, whatever has been paid;
    # crediting a paid invoice leaves the account in credit (a refund is made outside the portal).
    creditable = invoice.total - _credited_total(invoice)
    if creditable <= 0:
        raise BillingError(f"{invoice.display_number} has already been credited in full.")
    if charges is not None:
        credits = [_credit_for_charge(charge) for charge in charges]
        amount = sum((c["gross"] for c in credits), ZERO)
    else:
        amount = creditable if amount is None else round_money(amount)
    if amount <= 0:
        raise BillingError("A credit must be more than £0.00.")
    if amount > creditable:
        raise BillingError(f"At most £{creditable:,.2f} of {invoice.display_number} is left to credit.")
    lines = list(
        invoice.lines.annotate(
            credited=Coalesce(Sum("credit_lines__gross"), ZERO),
            credited_net=Coalesce(Sum("credit_lines__net"), ZERO),
        ).order_by("position")
    )
    if charges is None:
        room = [line.gross - line.credited for line in lines]
        shares = room if amount == creditable else _share_out(amount, room)
        credits = [_credit_values(line, share) for line, share in zip(lines, shares, strict=True) if share]
    net = sum((c["net"] for c in credits), ZERO)
    issue_date = timezone.localdate()
    series, number = take_number(credit_note_series(issue_date))
    account = invoice.account
    note = Invoice.objects.create(
        kind=Invoice.Kind.CREDIT_NOTE,
        credits=invoice,
        account=account,
        series=series,
        number=number,
        issued_at=timezone.now(),
        issue_date=issue_date,
        due_date=issue_date,
        **_printed_details(account),
        title=f"Credit note for {invoice.display_number}",
        notes=reason.strip(),
        net=net,
        vat=amount - net,
        total=amount,
        issued_by=by,
    )
    try:
        with transaction.atomic():
            InvoiceLine.objects.bulk_create(
                InvoiceLine(invoice=note, position=position, **values)
                for position, values in enumerate(credits, 1)
            )
    except IntegrityError as error:
        raise AlreadyCharged("This reduction has already been credited.") from error
    _render_when_committed(note)
    if charges is None and amount == creditable:
        # Fully credited: its charges are no longer live, so the app that raised them may charge again.
        invoice.lines.filter(is_live=True).update(is_live=False)
    record_change(
        actor=by,
        instance=note,
        action=AuditEvent.Action.CREATED,
        after={
            "number": note.display_number,
            "credits": invoice.display_number,
            "total": str(amount),
            "reason": note.notes,
        },
    )
    return note


@transaction.atomic
def record_payment(
    *,
    invoice: Invoice,
    amount: Decimal,
    received_on: datetime.date,
    method: str,
    reference: str = "",
    by: User | None,
) -> Payment:
    """Record money received against an invoice; refuses more than is outstanding (no credit on account)."""
    invoice = _locked(invoice)
    amount = round_money(amount)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise BillingError("Payments are recorded against invoices, not credit notes.")
    if amount <= 0:
        raise BillingError("A payment must be more than £0.00.")
    if received_on > timezone.localdate():
        raise BillingError("The date received cannot be in the future.")
    if received_on < invoice.issue_date:
        raise BillingError(
            f"The date received is before {invoice.display_number} was issued "
            f"({invoice.issue_date:%d/%m/%Y})."
        )
    if method not in Payment.Method.values:
        raise BillingError("Choose how the payment was made.")
    credited = _credited_total(invoice)
    if credited >= invoice.total and credited > 0:
        raise BillingError(f"{invoice.display_number} has been credited in full: there is nothing to pay.")
    outstanding = invoice.total - credited - _paid_total(invoice)
    if outstanding <= 0:
        raise BillingError(f"{invoice.display_number} is already paid.")
    if amount > outstanding:
        # Policy: no credit on account in this version; the officer records at most what is owed.
        raise BillingError(
            f"£{amount:,.2f} is more than the £{outstanding:,.2f} outstanding on {invoice.display_number}. "
            "Record at most the outstanding amount; overpayments are not held as credit on account."
        )
    payment = Payment.objects.create(
        account_id=invoice.account_id,
        invoice=invoice,
        amount=amount,
        received_on=received_on,
        method=method,
        reference=reference.strip(),
        recorded_by=by,
    )
    record_change(
        actor=by,
        instance=payment,
        action=AuditEvent.Action.CREATED,
        after={
            "invoice": invoice.display_number,
            "amount": str(amount),
            "received_on": str(received_on),
            "method": method,
            "reference": payment.reference,
        },
    )
    return payment
