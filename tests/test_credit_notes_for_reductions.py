"""Credit notes come in two kinds: part or all of an invoice (credit_invoice), or reductions such as an SLA
amendment taking a service away (credit_charges). Both are numbered and frozen as invoices are."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from hub.billing import services
from hub.billing.models import InvoiceLine
from hub.billing.services import AlreadyCharged, BillingError, Charge
from hub.models import AuditEvent
from tests.test_billing_services import amounts, issue, make_account

D = Decimal


def reduction(amount: str, key: str = "test:1:amendment:1:line:1") -> Charge:
    return Charge(description="Fewer hours", quantity=D("-1.00"), unit_price=D(amount), source_key=key)


def test_a_reduction_is_credited_at_its_own_price_and_leaves_the_invoice_charges_live(db, finance):
    invoice = issue(make_account())  # £150
    note = services.credit_charges(
        invoice=invoice, charges=[reduction("20.00")], reason="Amendment", by=finance
    )
    line = note.lines.get()
    assert (note.total, line.description, line.quantity, line.source_key) == (
        D("20.00"),
        "Credit: Fewer hours",
        D("1.00"),
        "test:1:amendment:1:line:1",
    )
    assert invoice.lines.filter(is_live=True).count() == 2
    assert amounts(invoice).outstanding == D("130.00")
    event = AuditEvent.objects.get(object_repr=note.display_number)
    assert event.changes["credits"] == [None, invoice.display_number]


def test_the_same_reduction_is_never_credited_twice(db, finance):
    invoice = issue(make_account())
    services.credit_charges(invoice=invoice, charges=[reduction("20.00")], reason="Amendment", by=finance)
    with pytest.raises(AlreadyCharged):
        services.credit_charges(invoice=invoice, charges=[reduction("20.00")], reason="Again", by=finance)


def test_a_reduction_larger_than_what_is_left_to_credit_is_refused(db, finance):
    invoice = issue(make_account())
    with pytest.raises(BillingError, match="At most £150.00"):
        services.credit_charges(invoice=invoice, charges=[reduction("150.01")], reason="Too much", by=finance)
    with pytest.raises(BillingError, match="take something away"):
        services.credit_charges(
            invoice=invoice, charges=[reduction("-5.00")], reason="An addition", by=finance
        )


def test_a_whole_credit_after_a_reduction_credits_only_what_is_left_line_by_line(db, finance):
    invoice = issue(make_account())  # £100 and £50
    services.credit_charges(invoice=invoice, charges=[reduction("30.00")], reason="Amendment", by=finance)
    rest = services.credit_invoice(invoice=invoice, reason="Cancelled", by=finance)
    lines_total = InvoiceLine.objects.filter(invoice=rest).aggregate(total=Sum("gross"))["total"]
    assert rest.total == lines_total == D("120.00")
    assert amounts(invoice).status == "credited"
    assert not invoice.lines.filter(is_live=True).exists()
