"""account_with_balance reads an account and what it owes in one query, as account_balance reckons it."""

from decimal import Decimal

from hub.billing import selectors, services
from tests.test_billing_services import issue, make_account, pay

D = Decimal


def test_an_accounts_balance_read_with_it_is_invoices_less_credits_less_payments(
    db, finance, django_assert_num_queries
):
    account = make_account()
    other = make_account("URN200002", "Riverside Academy")
    issue(other, "elsewhere")
    first = issue(account, "one")  # 150
    second = issue(account, "two", prices=("80.00",))  # 80
    pay(first, "100.00")
    services.credit_invoice(invoice=second, amount=D("30.00"), reason="x", by=finance)
    with django_assert_num_queries(1):
        read = selectors.account_with_balance(account.pk)
    assert read == account
    assert read.balance == selectors.account_balance(account) == D("100.00")
    assert selectors.account_with_balance(other.pk).balance == D("150.00")


def test_an_account_in_credit_has_a_negative_balance_and_no_account_none(db, finance):
    account = make_account()
    invoice = issue(account)
    pay(invoice, "150.00")
    services.credit_invoice(invoice=invoice, reason="Refund due", by=finance)
    assert selectors.account_with_balance(account.pk).balance == D("-150.00")
    assert selectors.account_with_balance(None) is None
