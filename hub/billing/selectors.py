"""Reads of the ledger: invoices with what is paid and owed, balances and statements (aged debt is
hub/billing/aged_debt.py)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, Unpack, cast
from uuid import UUID

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    Func,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from hub.billing.models import MONEY, BillingAccount, Invoice, InvoiceLine, Payment
from hub.money import ZERO

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Amounts(TypedDict):
    """What with_amounts() adds to each invoice."""

    paid: Decimal
    credited: Decimal
    outstanding: Decimal
    status: str


if TYPE_CHECKING:
    InvoiceWithAmounts = WithAnnotations[Invoice, Amounts]


class Status:
    """What an invoice's money says about it; computed in SQL by with_amounts(), never stored."""

    ISSUED = "issued"
    PART_PAID = "part-paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CREDITED = "credited"

    choices = [
        (ISSUED, "Issued"),
        (PART_PAID, "Part-paid"),
        (PAID, "Paid"),
        (OVERDUE, "Overdue"),
        (CREDITED, "Credited"),
    ]
    labels = dict(choices)


SORTS = {
    "date": ("issue_date", "id"),
    "number": ("series__code", "number"),
    "total": ("total", "id"),
    "outstanding": ("outstanding", "id"),
}

_MONEY: DecimalField = DecimalField(**MONEY)
PENNY = Decimal("0.01")
_NUMBER = re.compile(r"^(?P<series>[A-Za-z0-9-]+)-(?P<number>\d+)$")


class _LinkedSum(Func):
    """The sum of `summed` over the rows of `model` whose `link` is the invoice (and whose fields equal
    `equal`), as a correlated subquery: `(SELECT SUM(...) FROM ... WHERE link = invoice.id)`, none when there
    are none. The SQL a Subquery of the ORM writes, written here from the models' names: the amounts use it
    seven times in a query, and the ORM took a quarter of a millisecond to build and compile each."""

    output_field = _MONEY

    def __init__(self, model: type[Model], link: str, summed: str, **equal: str) -> None:
        super().__init__(F("pk"))
        self.model, self.link, self.summed, self.equal = model, link, summed, equal

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        invoice, params = compiler.compile(self.get_source_expressions()[0])
        quote, fields = connection.ops.quote_name, self.model._meta

        def column(name: str) -> str:
            return f"linked.{quote(fields.get_field(name).column)}"  # type: ignore[union-attr]

        where = " AND ".join([f"{column(self.link)} = {invoice}", *(f"{column(f)} = %s" for f in self.equal)])
        # Only the models' own table and column names are written into it; values go as parameters.
        sql = f"(SELECT SUM({column(self.summed)}) FROM {quote(fields.db_table)} linked WHERE {where})"  # noqa: S608
        return sql, (*params, *self.equal.values())


def _sum_of(summed: _LinkedSum) -> Coalesce:
    return Coalesce(summed, Value(ZERO), output_field=_MONEY)


def with_outstanding(invoices: QuerySet[Invoice]) -> QuerySet:
    """Annotate paid, credited and outstanding, in SQL: the one rule for what an invoice still owes, for a
    report that needs no status (with_amounts adds it)."""
    return invoices.annotate(
        paid=_sum_of(_LinkedSum(Payment, "invoice", "amount")),
        credited=_sum_of(_LinkedSum(Invoice, "credits", "total", kind=Invoice.Kind.CREDIT_NOTE.value)),
    ).annotate(
        outstanding=Case(
            When(Q(kind=Invoice.Kind.INVOICE), then=F("total") - F("credited") - F("paid")),
            default=Value(ZERO),
            output_field=_MONEY,
        )
    )


def with_amounts(
    invoices: QuerySet[Invoice], *, today: datetime.date | None = None
) -> QuerySet[InvoiceWithAmounts]:
    """Annotate paid, credited, outstanding and status, in SQL, so a list costs the same however long."""
    today = today or timezone.localdate()
    return with_outstanding(invoices).annotate(
        status=Case(
            When(~Q(kind=Invoice.Kind.INVOICE), then=Value(Status.ISSUED)),
            # Credited in full: credited > 0 and credited >= total, in one reading of the credits (a sum
            # in pence is over nothing exactly when it is 0.01 or more).
            When(credited__gte=Greatest(F("total"), Value(PENNY)), then=Value(Status.CREDITED)),
            When(outstanding__lte=0, then=Value(Status.PAID)),
            When(due_date__lt=today, then=Value(Status.OVERDUE)),
            When(paid__gt=0, then=Value(Status.PART_PAID)),
            default=Value(Status.ISSUED),
            output_field=CharField(),
        )
    )


def _search(invoices: QuerySet[InvoiceWithAmounts], query: str) -> QuerySet[InvoiceWithAmounts]:
    query = query.strip()
    if not query:
        return invoices
    matches = Q(billed_name__icontains=query) | Q(account_reference__icontains=query)
    number = _NUMBER.match(query)
    if number:
        matches |= Q(series__code__iexact=number["series"], number=int(number["number"]))
    elif query.isdigit():
        matches |= Q(number=int(query))
    return invoices.filter(matches)


class InvoiceFilters(TypedDict, total=False):
    """What finance's search of invoices may be narrowed by."""

    query: str  # a number, a name or an account reference
    status: str
    kind: str
    account: BillingAccount | None
    issued_from: datetime.date | None
    issued_to: datetime.date | None


def _found(
    invoices: QuerySet,
    *,
    query: str = "",
    status: str = "",
    kind: str = "",
    account: BillingAccount | None = None,
    issued_from: datetime.date | None = None,
    issued_to: datetime.date | None = None,
) -> QuerySet:
    invoices = _search(invoices, query)
    if status:
        invoices = invoices.filter(kind=Invoice.Kind.INVOICE, status=status)
    if kind:
        invoices = invoices.filter(kind=kind)
    if account is not None:
        invoices = invoices.filter(account=account)
    if issued_from:
        invoices = invoices.filter(issue_date__gte=issued_from)
    if issued_to:
        invoices = invoices.filter(issue_date__lte=issued_to)
    return invoices


def invoice_list(
    *,
    sort: str = "-date",
    today: datetime.date | None = None,
    **filters: Unpack[InvoiceFilters],
) -> QuerySet[InvoiceWithAmounts]:
    """Finance's search of every invoice and credit note, with amounts and status."""
    invoices = _found(with_amounts(Invoice.objects.select_related("series"), today=today), **filters)
    if sort.lstrip("-") not in SORTS:
        sort = "-date"
    descending = sort.startswith("-")
    fields = SORTS[sort.lstrip("-")]
    return invoices.order_by(*(f"-{f}" if descending else f for f in fields))


def invoices_found(
    *, today: datetime.date | None = None, **filters: Unpack[InvoiceFilters]
) -> QuerySet[Invoice]:
    """The invoices invoice_list finds with the same `filters`, to count: with their amounts only when a
    status asks for them (a count of the list itself compiles the amounts' seven subqueries for nothing)."""
    invoices = with_amounts(Invoice.objects.all(), today=today) if filters.get("status") else Invoice.objects
    return _found(invoices.all(), **filters)


def as_rows(invoices: QuerySet[InvoiceWithAmounts]) -> QuerySet:
    """invoice_list's invoices as rows of the plain values the list shows ({% invoice_rows %} writes them),
    each one's public id as text for its link: two hundred invoices and their series would be four hundred
    models, and two hundred UUIDs parsed only to be written out again."""
    return invoices.annotate(link_id=Cast("public_id", output_field=CharField())).values_list(
        "link_id", "series__code", "number", "kind", "issue_date", "due_date", "billed_name",
        "account_reference", "total", "outstanding", "status", named=True,
    )  # fmt: skip


def get_invoice(public_id: UUID) -> Invoice:
    """Any invoice or credit note, for finance, with its lines, payments and credit notes, and its amounts
    as with_amounts() gives them, summed from those payments and credit notes (`set_amounts`)."""
    invoice = (
        Invoice.objects.select_related("series", "account")
        .prefetch_related(
            # A credit note's invoice is read apart (one query more for a credit note, none for an invoice,
            # whose null link reads nothing): its join with its series cost more to build than the query.
            Prefetch("credits", queryset=Invoice.objects.select_related("series")),
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")),
            Prefetch("payments", queryset=Payment.objects.order_by("received_on", "id")),
            Prefetch("credit_notes", queryset=Invoice.objects.select_related("series").order_by("issued_at")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if invoice is None:
        raise Http404("No such invoice.")
    set_amounts(invoice)
    return invoice


def set_amounts(invoice: Invoice, *, today: datetime.date | None = None) -> None:
    """Set paid, credited, outstanding and status on an invoice read with its payments and credit notes, by
    with_amounts()'s rules (tests hold the two together): a page that lists those rows anyway sums them, where
    with_amounts' subqueries and cases took longer to build and compile than the rest of its queries."""
    today = today or timezone.localdate()
    paid = sum((payment.amount for payment in invoice.payments.all()), ZERO)
    credited = sum(
        (note.total for note in invoice.credit_notes.all() if note.kind == Invoice.Kind.CREDIT_NOTE), ZERO
    )
    is_invoice = invoice.kind == Invoice.Kind.INVOICE
    outstanding = invoice.total - credited - paid if is_invoice else ZERO
    if not is_invoice:
        status = Status.ISSUED
    elif credited > 0 and credited >= invoice.total:
        status = Status.CREDITED
    elif outstanding <= 0:
        status = Status.PAID
    elif invoice.due_date < today:
        status = Status.OVERDUE
    elif paid > 0:
        status = Status.PART_PAID
    else:
        status = Status.ISSUED
    shown = cast("InvoiceWithAmounts", invoice)
    shown.paid, shown.credited, shown.outstanding, shown.status = paid, credited, outstanding, status


def _one(invoices: QuerySet[Invoice], public_id: UUID) -> Invoice:
    invoice = (
        with_amounts(invoices.select_related("series", "account", "credits__series"))
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by").order_by("received_on", "id"),
            ),
            Prefetch("credit_notes", queryset=Invoice.objects.select_related("series").order_by("issued_at")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


def invoices_for_account(account: BillingAccount | None) -> QuerySet[Invoice]:
    """An account's invoices and credit notes, newest first; none when there is no account yet."""
    if account is None:
        return Invoice.objects.none()
    return with_amounts(account.invoices.select_related("series", "credits__series")).order_by(
        "-issue_date", "-id"
    )


def get_invoice_for_account(account: BillingAccount | None, public_id: UUID) -> Invoice:
    """One of the account's invoices, or 404 whatever the reason."""
    if account is None:
        raise Http404("No such invoice.")
    return _one(account.invoices.all(), public_id)


def get_family_invoice(reference: str, public_id: UUID) -> Invoice:
    """One of the invoices of the family account with that reference (family.family_reference), or 404
    whatever the reason: the account is matched in the invoice's query (which joins it), not read first."""
    invoices = Invoice.objects.filter(account__kind=BillingAccount.Kind.FAMILY, account__reference=reference)
    return _one(invoices, public_id)


def get_invoice_of_account(account_id: int | None, public_id: UUID) -> Invoice:
    """get_invoice_for_account by the account's id, for a page that has it from its school's row: the
    account itself need not be read first."""
    if account_id is None:
        raise Http404("No such invoice.")
    return _one(Invoice.objects.filter(account_id=account_id), public_id)


def get_account(public_id: UUID) -> BillingAccount:
    account = BillingAccount.objects.filter(public_id=public_id).first()
    if account is None:
        raise Http404("No such account.")
    return account


def account_balance(account: BillingAccount | None) -> Decimal:
    """What the account owes: invoices less credit notes less payments (negative when in credit)."""
    if account is None:
        return ZERO
    totals = account.invoices.aggregate(
        invoiced=Coalesce(Sum("total", filter=Q(kind=Invoice.Kind.INVOICE)), ZERO, output_field=_MONEY),
        credited=Coalesce(Sum("total", filter=Q(kind=Invoice.Kind.CREDIT_NOTE)), ZERO, output_field=_MONEY),
    )
    # Payments are summed on their own: a subquery inside the invoices' aggregate is not an aggregate.
    totals["paid"] = account.payments.aggregate(paid=Coalesce(Sum("amount"), ZERO, output_field=_MONEY))[
        "paid"
    ]
    return totals["invoiced"] - totals["credited"] - totals["paid"]


def account_with_balance(account_id: int | None) -> BillingAccount | None:
    """The account with its `balance` (as account_balance reckons it) in one query, for a page that shows
    both: its invoices, credit notes and payments each summed by a correlated subquery, not an account read
    and then two aggregates. None for no account (a school before its first invoice)."""
    if account_id is None:
        return None
    owed = _sum_of(_LinkedSum(Invoice, "account", "total", kind=Invoice.Kind.INVOICE.value))
    credited = _sum_of(_LinkedSum(Invoice, "account", "total", kind=Invoice.Kind.CREDIT_NOTE.value))
    paid = _sum_of(_LinkedSum(Payment, "account", "amount"))
    return BillingAccount.objects.annotate(balance=owed - credited - paid).filter(pk=account_id).first()


@dataclass(frozen=True)
class StatementRow:
    """One line of an account statement: a debit (invoice) or a credit (credit note, payment)."""

    date: datetime.date
    kind: str
    reference: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    invoice_public_id: UUID | None


def statement(account: BillingAccount) -> list[StatementRow]:
    """The account's ledger in date order, with a running balance."""
    entries = []
    for invoice in account.invoices.select_related("series", "credits__series"):
        is_invoice = invoice.kind == Invoice.Kind.INVOICE
        credited = invoice.credits
        description = f"Credit note for {credited.display_number}" if credited else invoice.title
        entries.append(
            (
                (invoice.issue_date, 0 if is_invoice else 1, invoice.issued_at.timestamp()),
                invoice.get_kind_display(),
                invoice.display_number,
                description,
                invoice.total if is_invoice else ZERO,
                ZERO if is_invoice else invoice.total,
                invoice.public_id,
            )
        )
    for payment in account.payments.select_related("invoice__series"):
        method = payment.get_method_display()
        description = f"{method}{f', ref. {payment.reference}' if payment.reference else ''}"
        entries.append(
            (
                (payment.received_on, 2, payment.recorded_at.timestamp()),
                "Payment",
                payment.invoice.display_number,
                description,
                ZERO,
                payment.amount,
                payment.invoice.public_id,
            )
        )
    rows, balance = [], ZERO
    for order, kind, reference, description, debit, credit, public_id in sorted(entries, key=lambda e: e[0]):
        balance += debit - credit
        rows.append(StatementRow(order[0], kind, reference, description, debit, credit, balance, public_id))
    return rows
