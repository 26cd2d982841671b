"""Card payments of a family's invoices through GOV.UK Pay: start one, read its state, record it once.

GOV.UK Pay is called outside any database transaction (slow I/O never holds a lock), so starting a payment
is three steps: note it (state "new"), create it at GOV.UK Pay, keep its id and address. If GOV.UK Pay does
not answer, the note is deleted: nothing is left that looks like a payment under way.

The state is only ever read from GOV.UK Pay's API, on the parent's return and from beat's reconciliation.
A success is recorded in the ledger once: the OnlinePayment row is locked while it is recorded, and the
Payment's provider_id is unique in the database.

Policy when a card payment succeeds after the invoice was paid (in part or whole) another way, or
credited, or paid twice by card: record what is still outstanding (nothing when nothing is), and flag the
rest for finance to refund: the OnlinePayment's note says so, an audit event records it, and the hub
office is e-mailed. The parent is told the same on the return page.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from hub.audit import record_change
from hub.billing import govuk_pay
from hub.billing.models import Invoice, OnlinePayment, Payment
from hub.billing.payments import record_payment
from hub.billing.selectors import with_amounts
from hub.billing.services import BillingError
from hub.mail import send_templated, site_url
from hub.models import AuditEvent, User
from hub.money import ZERO, round_money

logger = logging.getLogger(__name__)

State = OnlinePayment.State
UNFINISHED = (State.CREATED, State.STARTED, State.SUBMITTED, State.CAPTURABLE)
# Beat reads the state of payments whose parent has not come back after this long.
RECONCILE_AFTER = datetime.timedelta(minutes=5)
# A note never sent to GOV.UK Pay (the web process died between the steps) is closed after this long.
NEVER_SENT_AFTER = datetime.timedelta(minutes=10)
RECONCILE_BATCH = 20  # at most GOVUK_PAY_TIMEOUT seconds each, well inside the task's time limit

NOT_ANSWERING = (
    "GOV.UK Pay is not answering just now, so no payment was started and nothing was taken from your card. "
    "Try again in a few minutes, or pay by bank transfer."
)
NOT_CONFIRMED = (
    "We could not confirm your payment with GOV.UK Pay just now. Do not pay again: we check again within "
    "a few minutes, and the bill shows the payment once GOV.UK Pay confirms it."
)


class OnlinePaymentError(BillingError):
    """A card payment that cannot go ahead or be confirmed, with a reason a person can read."""


def pence(amount: Decimal) -> int:
    """Pounds as GOV.UK Pay's whole pence."""
    return int(round_money(amount) * 100)


@transaction.atomic
def _note(invoice: Invoice, by: User | None) -> OnlinePayment:
    Invoice.objects.select_for_update().filter(pk=invoice.pk).values_list("pk").get()
    invoice = with_amounts(Invoice.objects.select_related("series").filter(pk=invoice.pk)).get()
    if invoice.kind != Invoice.Kind.INVOICE:
        raise OnlinePaymentError("A credit note is not paid.")
    if invoice.outstanding <= 0:
        raise OnlinePaymentError(f"{invoice.display_number} has nothing left to pay.")
    return OnlinePayment.objects.create(invoice=invoice, amount=invoice.outstanding, started_by=by)


def start_online_payment(*, invoice: Invoice, by: User | None) -> OnlinePayment:
    """Create a card payment of what is outstanding at GOV.UK Pay; the parent is sent to its next_url."""
    if not govuk_pay.is_configured():
        raise OnlinePaymentError("Card payments are not available: pay by bank transfer.")
    online = _note(invoice, by)
    number = online.invoice.display_number
    try:
        created = govuk_pay.create_payment(
            amount_pence=pence(online.amount),
            reference=number,
            description=f"{settings.HUB_NAME}: {online.invoice.title or 'bill'}, {number}"[:255],
            return_url=site_url(reverse("bills:payment-return", args=[online.public_id])),
            email=by.email if by is not None else "",
        )
        if not created.next_url.startswith(f"{settings.GOVUK_PAY_CARD_ORIGIN.rstrip('/')}/"):
            # The bill's Content-Security-Policy lets its form lead there only: anywhere else is refused.
            raise govuk_pay.PayUnavailable(f"The card page {created.next_url!r} is elsewhere.")
    except govuk_pay.PayUnavailable as error:
        logger.warning("Card payment for %s not started: %s", number, error)
        online.delete()
        raise OnlinePaymentError(NOT_ANSWERING) from error
    online.provider_id = created.payment_id
    online.state = created.status
    online.next_url = created.next_url
    online.checked_at = timezone.now()
    online.save(update_fields=["provider_id", "state", "next_url", "checked_at"])
    return online


def check_online_payment(*, online: OnlinePayment) -> OnlinePayment:
    """Read the payment's state from GOV.UK Pay and act on it; a success is recorded in the ledger once."""
    if online.provider_id is None:
        _close(online, State.ERROR, "This payment never reached GOV.UK Pay: nothing was taken.")
        return OnlinePayment.objects.get(pk=online.pk)
    if online.is_finished or online.payment_id is not None:
        return online  # GOV.UK Pay's finished states never change: nothing to ask
    try:
        found = govuk_pay.get_payment(online.provider_id)
    except govuk_pay.PaymentNotFound:
        _close(online, State.ERROR, "GOV.UK Pay knows no such payment: nothing was recorded.")
        return OnlinePayment.objects.get(pk=online.pk)
    except govuk_pay.PayUnavailable as error:
        logger.warning("State of card payment %s not read: %s", online.provider_id, error)
        # The state stays as it was; the time moves this payment to the back of beat's next sweep.
        OnlinePayment.objects.filter(pk=online.pk).update(checked_at=timezone.now())
        raise OnlinePaymentError(NOT_CONFIRMED) from error
    return _apply(online, found)


@transaction.atomic
def _close(online: OnlinePayment, state: str, failure: str) -> None:
    OnlinePayment.objects.filter(pk=online.pk, payment__isnull=True).exclude(state=State.SUCCESS).update(
        state=state, failure=failure, checked_at=timezone.now()
    )


def _mismatch(online: OnlinePayment, found: govuk_pay.ProviderPayment) -> str:
    """What does not match between our record and GOV.UK Pay's; empty when all does."""
    if found.payment_id != online.provider_id:
        return f"GOV.UK Pay answered for payment {found.payment_id}, not {online.provider_id}."
    if found.amount != pence(online.amount) or found.reference != online.invoice.display_number:
        return (
            f"GOV.UK Pay's payment is for {found.amount}p with reference {found.reference!r}, "
            f"not {pence(online.amount)}p for {online.invoice.display_number}."
        )
    return ""


@transaction.atomic
def _apply(online: OnlinePayment, found: govuk_pay.ProviderPayment) -> OnlinePayment:
    # The row lock queues a second return (a double click, a reconciliation at the same moment) behind the
    # first, which sees the payment recorded when its turn comes.
    online = OnlinePayment.objects.select_for_update().select_related("invoice__series").get(pk=online.pk)
    if online.state == State.SUCCESS or online.payment_id is not None:
        return online
    mismatch = _mismatch(online, found)
    if mismatch:
        online.state, online.failure = State.ERROR, mismatch[:300]
        _flag(online, mismatch)
    else:
        online.state = found.status
        online.failure = found.message[:300] if found.status != State.SUCCESS else ""
        if found.status == State.SUCCESS:
            _record(online)
    online.checked_at = timezone.now()
    online.save(update_fields=["state", "failure", "checked_at", "payment"])
    return online


def _record(online: OnlinePayment) -> None:
    """Record the card payment, at most what is outstanding; flag the rest for a refund."""
    invoice = online.invoice
    Invoice.objects.select_for_update().filter(pk=invoice.pk).values_list("pk").get()
    outstanding = with_amounts(Invoice.objects.filter(pk=invoice.pk)).get().outstanding
    taken = min(online.amount, max(outstanding, ZERO))
    if taken > 0:
        try:
            online.payment = record_payment(
                invoice=invoice,
                amount=taken,
                received_on=timezone.localdate(),
                method=Payment.Method.CARD,
                reference=f"GOV.UK Pay {online.provider_id}",
                by=online.started_by,
                provider_id=online.provider_id or "",
            )
        except IntegrityError:
            # Recorded already under this provider id (its unique index): link it, never record it twice.
            online.payment = Payment.objects.get(provider_id=online.provider_id)
            return
    refund = online.amount - taken
    if refund > 0:
        online.failure = (
            f"£{refund:,.2f} more than was owed on {invoice.display_number} when the payment arrived: "
            "the hub's finance team will refund it."
        )
        _flag(online, online.failure)


def _flag(online: OnlinePayment, problem: str) -> None:
    """Tell finance about a card payment that needs a person: an audit event and an e-mail to the office."""
    record_change(
        actor=None,
        instance=online,
        action=AuditEvent.Action.UPDATED,
        before={"needs_finance": ""},
        after={"needs_finance": problem, "provider_id": online.provider_id, "amount": str(online.amount)},
    )
    send_templated(
        "billing/email/online_payment_flagged",
        {"online": online, "invoice": online.invoice, "problem": problem},
        to=[settings.HUB_EMAIL],
    )


def reconcile_online_payments(*, now: datetime.datetime | None = None) -> int:
    """For beat: read the state of card payments left unfinished a while; how many were checked."""
    now = now or timezone.now()
    OnlinePayment.objects.filter(state=State.NEW, created_at__lt=now - NEVER_SENT_AFTER).update(
        state=State.ERROR, failure="This payment never reached GOV.UK Pay: nothing was taken.", checked_at=now
    )
    waiting = OnlinePayment.objects.filter(
        state__in=UNFINISHED, created_at__lt=now - RECONCILE_AFTER
    ).select_related("invoice__series")
    checked = 0
    for online in waiting.order_by(F("checked_at").asc(nulls_first=True), "created_at")[:RECONCILE_BATCH]:
        try:
            check_online_payment(online=online)
        except OnlinePaymentError:
            continue  # still unreachable: the next sweep tries again
        checked += 1
    return checked
