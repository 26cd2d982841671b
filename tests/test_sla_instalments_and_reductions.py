"""SLA instalments and amendments on the ledger: instalments add up to the order, and a reduction credits
exactly what the order prices, against what is still owed."""

from decimal import Decimal

import pytest

from hub.billing.aged_debt import aged_debt
from hub.billing.models import Invoice
from hub.billing.selectors import account_balance
from hub.billing.services import AlreadyCharged
from schools.pricing import subscription_totals
from schools.services import invoicing
from schools.services import orders as order_services
from tests.sla_factories import ServiceFactory, make_catalogue, make_order
from tests.test_ledger_credits_balances_and_aged_debt import amounts, pay

D = Decimal


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
        invoicing.invoice_for_instalment(subscription=order, instalment=n, by=None) for n in (1, 2, 3)
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
    first = invoicing.instalment_charges(order, 1)
    third = invoicing.instalment_charges(order, 3)
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
        invoicing.invoice_for_instalment(subscription=order, instalment=n, by=finance) for n in instalments
    ]
    return standard, order, invoices


def test_a_reduction_credits_the_net_and_vat_of_the_service_taken_away(db, school, finance, staff_groups):
    # Silver (2,450.00, no VAT) and 2 CPD sessions (180.00 each + 20% VAT), invoiced in three instalments.
    standard, order, _ = _invoiced_order(school, finance, lines=[("cpd", 2)])
    order_services.amend_order(subscription=order, service=standard.cpd, quantity=D("-1"), by=finance)
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
    order_services.amend_order(subscription=order, service=standard.cpd, quantity=D("-1"), by=finance)
    # The order is now 2 sessions (432.00). Bug: the credit cleared instalment 3 "in full", which freed its
    # source keys, so repeating the instalment-3 run (safe to repeat, says the design) charges it again.
    with pytest.raises(AlreadyCharged):
        invoicing.invoice_for_instalment(subscription=order, instalment=3, by=finance)
    assert account_balance(invoicing.school_account(school)) == subscription_totals(order).total


def test_a_reduction_is_not_credited_against_an_invoice_already_paid_while_another_is_owed(
    db, school, finance, staff_groups
):
    standard, order, (first, second) = _invoiced_order(
        school, finance, lines=[("cpd", 2)], instalments=(1, 2)
    )
    pay(second, second.total)  # the latest invoice is paid in full; the first is still owed
    order_services.amend_order(subscription=order, service=standard.teaching, quantity=D("-1"), by=finance)
    acct = invoicing.school_account(school)
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
    order_services.amend_order(subscription=order, service=service, quantity=D("1"), by=finance)
    order_services.amend_order(subscription=order, service=service, quantity=D("-1"), by=finance)
    added = Invoice.objects.get(kind=Invoice.Kind.INVOICE, title__endswith="amendment 1")
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    # VAT on 42.50 at 5% is 2.125: the invoice rounds it half up (2.13), the credit half to even (2.12).
    assert subscription_totals(order, amendment=2).total == D("-44.63") == -added.total
    assert note.total == D("44.63")
