"""The ledger's writes: numbering under concurrency, charging once, credit notes and payments."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from hub.billing import payments, services
from hub.billing.models import BillingAccount, Invoice, InvoiceLine, Payment
from hub.billing.numbering import credit_note_series
from hub.billing.selectors import with_amounts
from hub.billing.services import AlreadyCharged, BillingError, Charge
from hub.models import AuditEvent

D = Decimal


def make_account(reference: str = "URN100001", name: str = "Hillside Primary School") -> BillingAccount:
    return services.ensure_account(
        kind=BillingAccount.Kind.SCHOOL,
        reference=reference,
        name=name,
        address="1 School Lane\nAshby\nNS1 2AB",
        email="bursar@hillside.example.org",
    )


def charges(key: str = "test:1", *, prices=("100.00", "50.00"), vat_rate="0.00") -> list[Charge]:
    return [
        Charge(
            description=f"Service {n}",
            quantity=D("1.00"),
            unit_price=D(price),
            source_key=f"{key}:line:{n}",
            vat_rate=D(vat_rate),
        )
        for n, price in enumerate(prices, start=1)
    ]


def issue(account, key="test:1", *, series="SLA-2026-27", by=None, **kwargs) -> Invoice:
    return services.issue_invoice(
        account=account, series_code=series, charges=charges(key, **kwargs), title="Music SLA 2026-27", by=by
    )


def amounts(invoice: Invoice) -> Invoice:
    return with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()


def pay(invoice, amount, *, by=None, on=None) -> Payment:
    return payments.record_payment(
        invoice=invoice,
        amount=D(amount),
        received_on=on or timezone.localdate(),
        method=Payment.Method.BACS,
        reference="BACS 123",
        by=by,
    )


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; each thread closes its own connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # collected and asserted on by the test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results


# --- Numbering and charging once, on the real database -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_on_one_series_get_unique_gap_free_numbers():
    account = make_account()

    def issue_twenty(thread):
        return [issue(account, f"thread:{thread}:n:{n}").number for n in range(20)]

    results = run_together(2, issue_twenty)
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(n for batch in results for n in batch)
    assert numbers == list(range(1, 41))
    assert (
        sorted(Invoice.objects.filter(series__code="SLA-2026-27").values_list("number", flat=True)) == numbers
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_charge_issued_concurrently_is_charged_once_and_no_number_is_lost():
    account = make_account()
    results = run_together(2, lambda _: issue(account, "sla:subscription:17:instalment:1"))
    invoices = [r for r in results if isinstance(r, Invoice)]
    refused = [r for r in results if isinstance(r, AlreadyCharged)]
    assert len(invoices) == 1 and len(refused) == 1, results
    assert InvoiceLine.objects.filter(source_key__startswith="sla:subscription:17:").count() == 2
    # The loser's number was given back: the next invoice takes number 2.
    assert invoices[0].number == 1
    assert issue(account, "another").number == 2


def test_a_charge_already_invoiced_is_refused(db):
    account = make_account()
    issue(account, "sla:1")
    with pytest.raises(AlreadyCharged):
        issue(account, "sla:1")
    assert Invoice.objects.count() == 1


# --- Immutability --------------------------------------------------------------------------------------


def test_crediting_and_paying_never_change_the_issued_invoice(db, finance):
    account = make_account()
    invoice = issue(account, by=finance)
    frozen = {f.name: getattr(invoice, f.name) for f in Invoice._meta.concrete_fields}
    lines_before = list(invoice.lines.values("description", "quantity", "unit_price", "net", "vat", "gross"))
    account.name, account.address = "Renamed Academy", "Elsewhere"
    account.save()
    pay(invoice, "40.00", by=finance)
    services.credit_invoice(invoice=invoice, amount=D("10.00"), reason="Goodwill", by=finance)
    invoice.refresh_from_db()
    assert {f.name: getattr(invoice, f.name) for f in Invoice._meta.concrete_fields} == frozen
    assert (
        list(invoice.lines.values("description", "quantity", "unit_price", "net", "vat", "gross"))
        == lines_before
    )
    assert invoice.billed_name == "Hillside Primary School"


def test_issuing_crediting_and_paying_are_in_the_audit_trail(db, finance):
    invoice = issue(make_account(), by=finance)
    pay(invoice, "10.00", by=finance)
    note = services.credit_invoice(invoice=invoice, amount=D("5.00"), reason="Lesson cancelled", by=finance)
    events = AuditEvent.objects.filter(actor=finance, action=AuditEvent.Action.CREATED)
    reprs = set(events.values_list("object_repr", flat=True))
    assert {
        invoice.display_number,
        note.display_number,
        "£10.00 on " + timezone.localdate().strftime("%d/%m/%Y"),
    } <= reprs
    assert events.get(object_repr=note.display_number).changes["reason"] == [None, "Lesson cancelled"]


# --- Credit notes --------------------------------------------------------------------------------------


def test_a_whole_credit_mirrors_the_lines_and_frees_the_charges_to_be_issued_again(db, finance):
    account = make_account()
    invoice = issue(account, "sla:7", vat_rate="20.00")
    note = services.credit_invoice(invoice=invoice, reason="Ordered in error", by=finance)
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.credits == invoice
    assert note.series.code == credit_note_series(timezone.localdate()) and note.number == 1
    assert (
        (note.net, note.vat, note.total)
        == (invoice.net, invoice.vat, invoice.total)
        == (
            D("150.00"),
            D("30.00"),
            D("180.00"),
        )
    )
    credit_lines = list(note.lines.order_by("position"))
    assert [c.credited_line_id for c in credit_lines] == list(
        invoice.lines.order_by("position").values_list("pk", flat=True)
    )
    assert not invoice.lines.filter(is_live=True).exists()
    assert amounts(invoice).status == "credited"
    again = issue(account, "sla:7")  # the charge can be invoiced again
    assert again.number == 2


def test_a_part_credit_is_shared_over_the_lines_and_keeps_the_charges_live(db, finance):
    invoice = issue(make_account(), "sla:8", prices=("100.00", "50.00"))
    note = services.credit_invoice(
        invoice=invoice, amount=D("30.00"), reason="Two sessions missed", by=finance
    )
    assert note.total == D("30.00")
    assert sorted(note.lines.values_list("gross", flat=True)) == [D("10.00"), D("20.00")]
    assert invoice.lines.filter(is_live=True).count() == 2
    row = amounts(invoice)
    assert (row.credited, row.outstanding, row.status) == (D("30.00"), D("120.00"), "issued")
    with pytest.raises(AlreadyCharged):
        issue(make_account(), "sla:8")


def test_a_part_credit_with_vat_splits_net_and_vat(db, finance):
    invoice = issue(make_account(), prices=("100.00",), vat_rate="20.00")
    note = services.credit_invoice(invoice=invoice, amount=D("60.00"), reason="Half", by=finance)
    assert (note.net, note.vat, note.total) == (D("50.00"), D("10.00"), D("60.00"))


def test_credit_cannot_exceed_the_total_less_credits_already_issued(db, finance):
    invoice = issue(make_account())  # £150
    services.credit_invoice(invoice=invoice, amount=D("100.00"), reason="First", by=finance)
    with pytest.raises(BillingError, match="At most £50.00"):
        services.credit_invoice(invoice=invoice, amount=D("50.01"), reason="Too much", by=finance)
    rest = services.credit_invoice(invoice=invoice, reason="The rest", by=finance)
    assert rest.total == D("50.00")
    assert not invoice.lines.filter(is_live=True).exists()
    with pytest.raises(BillingError, match="already been credited in full"):
        services.credit_invoice(invoice=invoice, reason="Again", by=finance)


def test_a_credit_note_cannot_be_credited_and_needs_a_reason(db, finance):
    invoice = issue(make_account())
    with pytest.raises(BillingError, match="reason"):
        services.credit_invoice(invoice=invoice, reason="  ", by=finance)
    note = services.credit_invoice(invoice=invoice, amount=D("1.00"), reason="x", by=finance)
    with pytest.raises(BillingError, match="cannot itself be credited"):
        services.credit_invoice(invoice=note, reason="x", by=finance)


# --- Payments ------------------------------------------------------------------------------------------


def test_part_payment_then_the_rest_makes_the_invoice_paid(db, finance):
    invoice = issue(make_account())
    pay(invoice, "50.00", by=finance)
    assert (amounts(invoice).status, amounts(invoice).outstanding) == ("part-paid", D("100.00"))
    pay(invoice, "100.00", by=finance)
    assert (amounts(invoice).status, amounts(invoice).outstanding) == ("paid", D("0.00"))
    with pytest.raises(BillingError, match="already paid"):
        pay(invoice, "0.01")


def test_a_payment_larger_than_the_outstanding_amount_is_refused_with_that_amount(db):
    invoice = issue(make_account())
    pay(invoice, "20.00")
    with pytest.raises(BillingError, match=r"more than the £130\.00 outstanding"):
        pay(invoice, "130.01")
    assert Payment.objects.count() == 1


def test_payments_on_credit_notes_fully_credited_invoices_or_in_the_future_are_refused(db, finance):
    invoice = issue(make_account())
    with pytest.raises(BillingError, match="future"):
        pay(invoice, "1.00", on=timezone.localdate() + datetime.timedelta(days=1))
    note = services.credit_invoice(invoice=invoice, reason="Cancelled", by=finance)
    with pytest.raises(BillingError, match="credited in full"):
        pay(invoice, "1.00")
    with pytest.raises(BillingError, match="not credit notes"):
        pay(note, "1.00")


def test_a_payment_after_a_part_credit_may_settle_only_what_is_left(db, finance):
    invoice = issue(make_account())
    services.credit_invoice(invoice=invoice, amount=D("50.00"), reason="x", by=finance)
    with pytest.raises(BillingError, match="£100.00 outstanding"):
        pay(invoice, "150.00")
    pay(invoice, "100.00")
    assert amounts(invoice).status == "paid"


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_cannot_overpay():
    invoice = issue(make_account())  # £150 outstanding
    results = run_together(3, lambda _: pay(invoice, "60.00"))
    recorded = [r for r in results if isinstance(r, Payment)]
    refused = [r for r in results if isinstance(r, BillingError)]
    assert (len(recorded), len(refused)) == (2, 1), results
    assert "£30.00 outstanding" in str(refused[0])
    row = amounts(invoice)
    assert (row.paid, row.outstanding) == (D("120.00"), D("30.00"))


def test_the_balance_of_an_account_with_invoices_credits_and_payments(db):
    from decimal import Decimal

    from django.utils import timezone

    from hub.billing.payments import record_payment
    from hub.billing.selectors import account_balance
    from hub.billing.services import Charge, credit_invoice, ensure_account, issue_invoice

    account = ensure_account(kind="school", reference="URN1", name="A school", address="", email="")
    invoice = issue_invoice(
        account=account,
        series_code="SLA-2098-99",
        charges=[Charge("Teaching", Decimal(1), Decimal("300.00"), "balance:1")],
        title="Test",
        by=None,
    )
    record_payment(
        invoice=invoice,
        amount=Decimal("100.00"),
        received_on=timezone.localdate(),
        method="bacs",
        reference="",
        by=None,
    )
    credit_invoice(invoice=invoice, amount=Decimal("50.00"), reason="Cancelled lesson", by=None)
    assert account_balance(account) == Decimal("150.00")
