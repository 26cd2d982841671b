"""Review of the ledger's money handling: each failing test here proves a bug; the passing ones pin edges."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hub.billing import services
from hub.billing.models import BillingAccount, Invoice, Payment
from hub.billing.selectors import account_balance, aged_debt, statement, with_amounts
from hub.billing.services import AlreadyCharged, Charge
from schools import sla_billing, sla_services
from schools.sla_amounts import subscription_totals
from tests.sla_factories import ServiceFactory, make_catalogue, make_order

D = Decimal


def account(reference: str = "URN900001") -> BillingAccount:
    return services.ensure_account(
        kind=BillingAccount.Kind.SCHOOL, reference=reference, name="Review School", address="", email=""
    )


def invoice_of(acct, key, lines, *, issue_date=None, payment_days=None) -> Invoice:
    """lines: (unit_price, vat_rate) pairs, one unit each."""
    return services.issue_invoice(
        account=acct,
        series_code="SLA-2098-99",
        charges=[
            Charge(f"Line {n}", D(1), D(price), f"{key}:{n}", D(rate))
            for n, (price, rate) in enumerate(lines)
        ],
        title="Review",
        by=None,
        issue_date=issue_date,
        payment_days=payment_days,
    )


def amounts(invoice: Invoice) -> Invoice:
    return with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()


def pay(invoice, amount):
    return services.record_payment(
        invoice=invoice,
        amount=D(amount),
        received_on=timezone.localdate(),
        method=Payment.Method.BACS,
        by=None,
    )


def credit_notes(invoice):
    return Invoice.objects.filter(credits=invoice, kind=Invoice.Kind.CREDIT_NOTE)


# --- credit_invoice ------------------------------------------------------------------------------------


def test_a_part_credit_then_the_rest_gives_back_exactly_the_invoiced_net_and_vat(db):
    invoice = invoice_of(account(), "cn-vat", [("100.00", "20.00")])  # 100.00 + 20.00 VAT
    services.credit_invoice(invoice=invoice, amount=D("0.03"), reason="Part", by=None)
    services.credit_invoice(invoice=invoice, reason="The rest", by=None)
    notes = credit_notes(invoice)
    assert sum(n.total for n in notes) == D("120.00")
    # Bug: each credit re-derives net from gross, so the pennies drift: 100.01 net and 19.99 VAT credited.
    assert (sum(n.net for n in notes), sum(n.vat for n in notes)) == (D("100.00"), D("20.00"))


def test_part_credits_never_credit_more_than_the_total_and_the_last_one_frees_the_charges(db):
    """Pins: shares stay within each line, sum to the amount, and reaching the total frees the keys."""
    acct = account()
    invoice = invoice_of(acct, "cn-parts", [("33.33", "20.00"), ("0.01", "0.00"), ("66.67", "0.00")])
    first = services.credit_invoice(invoice=invoice, amount=D("10.01"), reason="a", by=None)
    assert sum(first.lines.values_list("gross", flat=True)) == D("10.01")
    rest = services.credit_invoice(invoice=invoice, amount=invoice.total - D("10.01"), reason="b", by=None)
    assert rest.total + first.total == invoice.total
    assert not invoice.lines.filter(is_live=True).exists()
    assert amounts(invoice).status == "credited"


# --- with_amounts, balance, statement ------------------------------------------------------------------


def test_an_invoice_part_credited_and_part_paid_is_part_paid_with_the_right_outstanding(db):
    invoice = invoice_of(account(), "st", [("100.00", "0.00")])
    services.credit_invoice(invoice=invoice, amount=D("30.00"), reason="x", by=None)
    pay(invoice, "50.00")
    row = amounts(invoice)
    assert (row.credited, row.paid, row.outstanding, row.status) == (
        D("30.00"),
        D("50.00"),
        D("20.00"),
        "part-paid",
    )
    pay(invoice, "20.00")
    assert amounts(invoice).status == "paid"


def test_the_statements_running_balance_ends_at_the_account_balance(db):
    acct = account()
    first = invoice_of(acct, "s1", [("100.00", "20.00")])
    second = invoice_of(acct, "s2", [("50.00", "0.00")])
    pay(first, "60.00")
    services.credit_invoice(invoice=second, amount=D("10.00"), reason="x", by=None)
    rows = statement(acct)
    assert rows[-1].balance == account_balance(acct) == D("120.00") + D("50.00") - D("60.00") - D("10.00")


# --- aged debt ---------------------------------------------------------------------------------------------


def test_aged_debt_buckets_at_their_boundaries_and_one_row_per_account(db):
    acct = account()
    today = timezone.localdate()
    expected = {
        -1: "not_due",
        0: "days_0_30",
        30: "days_0_30",
        31: "days_31_60",
        60: "days_31_60",
        61: "days_61_90",
        90: "days_61_90",
        91: "days_over_90",
    }
    for n, days in enumerate(expected):
        # Due `days` ago; each owes a different sum so that the buckets can be told apart.
        invoice_of(
            acct,
            f"aged:{days}",
            [(f"{n + 1}.00", "0.00")],
            issue_date=today - datetime.timedelta(days=max(days, 0)),
            payment_days=0 if days >= 0 else 1,
        )
    debt = aged_debt(today=today)
    assert len(debt["rows"]) == 1
    row = debt["rows"][0]
    for n, (days, bucket) in enumerate(expected.items()):
        assert row[bucket] >= D(n + 1), (days, bucket)
    assert row["not_due"] == D("1.00")
    assert row["days_0_30"] == D("2.00") + D("3.00")
    assert row["days_31_60"] == D("4.00") + D("5.00")
    assert row["days_61_90"] == D("6.00") + D("7.00")
    assert row["days_over_90"] == D("8.00")
    assert row["total"] == account_balance(acct) == D("36.00")


# --- SLA instalments --------------------------------------------------------------------------------------


def test_three_instalments_of_a_line_with_vat_add_up_to_the_order_total(db, school):
    standard = make_catalogue()
    service = ServiceFactory(
        catalogue=standard.catalogue, name="Music technology", unit_price=D("100.00"), vat_rate=D("20.00")
    )
    order = make_order(
        school=school, standard=standard, status="approved", package=False, lines=[(service, 1)]
    )
    invoices = [
        sla_billing.invoice_for_instalment(subscription=order, instalment=n, by=None) for n in (1, 2, 3)
    ]
    agreed = subscription_totals(order, amendment=0)
    assert (agreed.net, agreed.vat, agreed.total) == (D("100.00"), D("20.00"), D("120.00"))
    assert sum(i.net for i in invoices) == D("100.00")
    # Bug: VAT is worked out on each third (33.33, 33.33, 33.34 -> 6.67 each), so the school pays 20.01 VAT.
    assert sum(i.vat for i in invoices) == D("20.00")
    assert sum(i.total for i in invoices) == agreed.total


def test_three_instalments_skip_zero_shares_and_still_add_up(db, school):
    """Pins: a line worth 2p is charged 1p, 1p and nothing; the empty share is left off, not a £0 line."""
    standard = make_catalogue()
    service = ServiceFactory(catalogue=standard.catalogue, unit_price=D("0.02"))
    order = make_order(
        school=school, standard=standard, status="approved", package=False, lines=[(service, 1)]
    )
    first = sla_billing.instalment_charges(order, 1)
    third = sla_billing.instalment_charges(order, 3)
    assert [c.unit_price for c in first] == [D("0.01")] and third == []


# --- SLA amendments ---------------------------------------------------------------------------------------


def _invoiced_order(school, finance, *, package=True, lines, instalments=(1, 2, 3)):
    standard = make_catalogue()
    order = make_order(
        school=school,
        standard=standard,
        status="approved",
        package=package,
        lines=[(getattr(standard, name), qty) for name, qty in lines],
    )
    invoices = [
        sla_billing.invoice_for_instalment(subscription=order, instalment=n, by=finance) for n in instalments
    ]
    return standard, order, invoices


def test_a_reduction_credits_the_net_and_vat_of_the_service_taken_away(db, school, finance, staff_groups):
    # Silver (2,450.00, no VAT) and 2 CPD sessions (180.00 each + 20% VAT), invoiced in three instalments.
    standard, order, _ = _invoiced_order(school, finance, lines=[("cpd", 2)])
    sla_services.amend_order(subscription=order, service=standard.cpd, quantity=D("-1"), by=finance)
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert subscription_totals(order, amendment=1).total == D("-216.00")
    assert note.total == D("216.00")
    # Bug: the 216.00 is shared over the latest invoice's lines (mostly the zero-rated package), so the
    # credit note gives back 210.61 net and 5.39 VAT instead of the CPD session's 180.00 and 36.00.
    assert (note.net, note.vat) == (D("180.00"), D("36.00"))


def test_a_reduction_equal_to_the_latest_instalment_does_not_let_a_rerun_charge_it_again(
    db, school, finance, staff_groups
):
    # 3 CPD sessions, no package: each instalment is one session, 180.00 + 36.00 VAT.
    standard, order, invoices = _invoiced_order(school, finance, package=False, lines=[("cpd", 3)])
    assert [i.total for i in invoices] == [D("216.00")] * 3
    sla_services.amend_order(subscription=order, service=standard.cpd, quantity=D("-1"), by=finance)
    # The order is now 2 sessions (432.00). Bug: the credit cleared instalment 3 "in full", which freed its
    # source keys, so repeating the instalment-3 run (safe to repeat, says the design) charges it again.
    with pytest.raises(AlreadyCharged):
        sla_billing.invoice_for_instalment(subscription=order, instalment=3, by=finance)
    assert account_balance(sla_billing.school_account(school)) == subscription_totals(order).total


def test_a_reduction_is_not_credited_against_an_invoice_already_paid_while_another_is_owed(
    db, school, finance, staff_groups
):
    standard, order, (first, second) = _invoiced_order(
        school, finance, lines=[("cpd", 2)], instalments=(1, 2)
    )
    pay(second, second.total)  # the latest invoice is paid in full; the first is still owed
    sla_services.amend_order(subscription=order, service=standard.teaching, quantity=D("-1"), by=finance)
    acct = sla_billing.school_account(school)
    assert account_balance(acct) == first.total - D("43.50")
    # Bug: the credit lands on the paid invoice (outstanding -43.50), so aged debt still chases the first
    # invoice in full and disagrees with the balance; the school is both owed a refund and chased.
    assert amounts(second).outstanding >= 0
    assert aged_debt()["rows"][0]["total"] == account_balance(acct)


def test_a_reduction_at_a_reduced_vat_rate_is_credited_as_the_order_prices_it(
    db, school, finance, staff_groups
):
    standard, order, _ = _invoiced_order(school, finance, lines=[])
    service = ServiceFactory(catalogue=standard.catalogue, unit_price=D("42.50"), vat_rate=D("5.00"))
    sla_services.amend_order(subscription=order, service=service, quantity=D("1"), by=finance)
    sla_services.amend_order(subscription=order, service=service, quantity=D("-1"), by=finance)
    added = Invoice.objects.get(kind=Invoice.Kind.INVOICE, title__endswith="amendment 1")
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    # VAT on 42.50 at 5% is 2.125: the invoice rounds it half up (2.13), the credit half to even (2.12).
    assert subscription_totals(order, amendment=2).total == D("-44.63") == -added.total
    assert note.total == D("44.63")


def test_a_payment_dated_before_the_invoice_was_issued_is_refused(db):
    import datetime
    from decimal import Decimal

    import pytest

    from hub.billing.models import Payment
    from hub.billing.services import BillingError, Charge, ensure_account, issue_invoice, record_payment

    account = ensure_account(kind="school", reference="URN77", name="Early School", address="", email="")
    invoice = issue_invoice(
        account=account,
        series_code="SLA-2096-97",
        charges=[Charge("Teaching", Decimal(1), Decimal("50.00"), "early:1")],
        title="Test",
        by=None,
        issue_date=datetime.date(2026, 11, 2),
    )
    with pytest.raises(BillingError, match="before SLA-2096-97-00001 was issued"):
        record_payment(
            invoice=invoice,
            amount=Decimal("50.00"),
            received_on=datetime.date(2026, 11, 1),
            method="bacs",
            by=None,
        )
    assert not Payment.objects.exists()
