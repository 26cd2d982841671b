"""Writes to the ledger: issuing invoices from charges, numbering them without gaps."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change
from hub.billing.models import BillingAccount, Invoice, InvoiceLine, InvoiceSeries
from hub.models import AuditEvent, User
from hub.money import ZERO, round_money, vat_on


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

    @property
    def net(self) -> Decimal:
        return round_money(self.quantity * self.unit_price)


@transaction.atomic
def ensure_account(*, kind: str, reference: str, name: str, address: str, email: str) -> BillingAccount:
    """The account with this reference, its name, address and e-mail brought up to date."""
    account, created = BillingAccount.objects.select_for_update().get_or_create(
        reference=reference, defaults={"kind": kind, "name": name, "address": address, "email": email}
    )
    if not created and (account.name, account.address, account.email) != (name, address, email):
        account.name, account.address, account.email = name, address, email
        account.save(update_fields=["name", "address", "email"])
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
    lines = [(c, c.net, vat_on(c.net, c.vat_rate)) for c in charges]
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
        billed_name=account.name,
        billed_address=account.address,
        billed_email=account.email,
        account_reference=account.reference,
        hub_name=settings.HUB_NAME,
        hub_address=settings.HUB_ADDRESS,
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
    record_change(
        actor=by,
        instance=invoice,
        action=AuditEvent.Action.CREATED,
        after={"number": invoice.display_number, "account": account.reference, "total": str(invoice.total)},
    )
    return invoice
