"""Writes to the ledger: money received against an invoice, by hand or online, never more than is owed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change
from hub.billing.models import Invoice, Payment
from hub.billing.services import BillingError, locked_with_amounts
from hub.models import AuditEvent, User
from hub.money import round_money

if TYPE_CHECKING:
    from hub.billing.selectors import InvoiceWithAmounts


def _check_payment(
    invoice: InvoiceWithAmounts, amount: Decimal, received_on: datetime.date, method: str
) -> None:
    """Why a payment cannot be recorded against the (locked) invoice, if it cannot."""
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
    if invoice.credited >= invoice.total and invoice.credited > 0:
        raise BillingError(f"{invoice.display_number} has been credited in full: there is nothing to pay.")
    outstanding = invoice.outstanding
    if outstanding <= 0:
        raise BillingError(f"{invoice.display_number} is already paid.")
    if amount > outstanding:
        # Policy: no credit on account in this version; the officer records at most what is owed.
        raise BillingError(
            f"£{amount:,.2f} is more than the £{outstanding:,.2f} outstanding on {invoice.display_number}. "
            "Record at most the outstanding amount; overpayments are not held as credit on account."
        )


@transaction.atomic
def record_payment(
    *,
    invoice: Invoice,
    amount: Decimal,
    received_on: datetime.date,
    method: str,
    reference: str = "",
    by: User | None,
    provider_id: str = "",
) -> Payment:
    """Record money received against an invoice; refuses more than is outstanding (no credit on account).

    `provider_id` names an online payment (GOV.UK Pay's payment_id): the database records it once only."""
    invoice = locked_with_amounts(invoice)
    amount = round_money(amount)
    _check_payment(invoice, amount, received_on, method)
    payment = Payment.objects.create(
        account_id=invoice.account_id,
        invoice=invoice,
        amount=amount,
        received_on=received_on,
        method=method,
        reference=reference.strip(),
        recorded_by=by,
        provider_id=provider_id,
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
