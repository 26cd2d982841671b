"""The ledger's reads: status, search, balances, statements and aged debt."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hub.billing import aged_debt, selectors, services
from hub.billing.models import Invoice
from hub.billing.numbering import credit_note_series
from tests.test_billing_services import amounts, issue, make_account, pay

D = Decimal


def issued_days_ago(account, key, days_past_due: int, *, prices=("100.00",)) -> Invoice:
    """An invoice whose due date was `days_past_due` days ago (30-day terms)."""
    issue_date = timezone.localdate() - datetime.timedelta(days=30 + days_past_due)
    return services.issue_invoice(
        account=account,
        series_code="SLA-2026-27",
        charges=[services.Charge("Teaching", D("1.00"), D(p), f"{key}:{n}") for n, p in enumerate(prices)],
        title="Teaching",
        by=None,
        issue_date=issue_date,
        payment_days=30,
    )


def test_an_unpaid_invoice_is_overdue_the_day_after_its_due_date(db):
    account = make_account()
    due_today = issued_days_ago(account, "a", 0)
    due_yesterday = issued_days_ago(account, "b", 1)
    assert amounts(due_today).status == "issued"
    assert amounts(due_yesterday).status == "overdue"
    pay(due_yesterday, "40.00")
    assert amounts(due_yesterday).status == "overdue"  # part-paid but late is still chased
    pay(due_yesterday, "60.00")
    assert amounts(due_yesterday).status == "paid"


def test_status_filter_and_search_find_by_number_name_and_reference(db, finance):
    hillside = make_account()
    riverside = make_account("URN200002", "Riverside Academy")
    first = issue(hillside, "h1")
    issue(riverside, "r1")
    pay(first, "150.00")
    services.credit_invoice(invoice=issue(riverside, "r2"), reason="x", by=finance)

    def numbers(**filters):
        return sorted(i.display_number for i in selectors.invoice_list(**filters))

    assert numbers(query="SLA-2026-27-00001") == ["SLA-2026-27-00001"]
    assert numbers(query="sla-2026-27-1") == ["SLA-2026-27-00001"]
    credit_note = f"{credit_note_series(timezone.localdate())}-00001"
    assert numbers(query="riverside") == sorted([credit_note, "SLA-2026-27-00002", "SLA-2026-27-00003"])
    assert numbers(query="URN100001") == ["SLA-2026-27-00001"]
    assert numbers(status="paid") == ["SLA-2026-27-00001"]
    assert numbers(status="credited") == ["SLA-2026-27-00003"]
    assert numbers(status="issued") == ["SLA-2026-27-00002"]  # credit notes are not in a status filter
    assert numbers(kind="credit") == [credit_note]


def test_sorting_by_outstanding_puts_the_largest_debt_first(db):
    account = make_account()
    small = issue(account, "s", prices=("10.00",))
    big = issue(account, "b", prices=("500.00",))
    paid = issue(account, "p", prices=("900.00",))
    pay(paid, "900.00")
    assert [i.pk for i in selectors.invoice_list(sort="-outstanding")] == [big.pk, small.pk, paid.pk]
    assert [i.pk for i in selectors.invoice_list(sort="total")] == [small.pk, big.pk, paid.pk]


def test_balance_is_invoices_less_credits_less_payments_and_the_statement_runs_to_it(db, finance):
    account = make_account()
    other = make_account("URN200002", "Riverside Academy")
    issue(other, "elsewhere")
    first = issue(account, "one")  # 150
    second = issue(account, "two", prices=("80.00",))  # 80
    pay(first, "100.00")
    services.credit_invoice(invoice=second, amount=D("30.00"), reason="x", by=finance)
    assert selectors.account_balance(account) == D("100.00")
    rows = selectors.statement(account)
    assert [(r.kind, r.debit, r.credit) for r in rows] == [
        ("Invoice", D("150.00"), D("0.00")),
        ("Invoice", D("80.00"), D("0.00")),
        ("Credit note", D("0.00"), D("30.00")),
        ("Payment", D("0.00"), D("100.00")),
    ]
    assert [r.balance for r in rows] == [D("150.00"), D("230.00"), D("200.00"), D("100.00")]
    assert selectors.account_balance(None) == D("0.00")


def test_crediting_a_paid_invoice_leaves_the_account_in_credit(db, finance):
    account = make_account()
    invoice = issue(account)
    pay(invoice, "150.00")
    services.credit_invoice(invoice=invoice, reason="Refund due", by=finance)
    assert selectors.account_balance(account) == D("-150.00")
    assert amounts(invoice).status == "credited"


def test_aged_debt_buckets_outstanding_by_days_past_due(db):
    hillside = make_account()
    riverside = make_account("URN200002", "Riverside Academy")
    issued_days_ago(hillside, "nd", -5, prices=("1.00",))  # not yet due
    issued_days_ago(hillside, "0", 0, prices=("2.00",))  # due today: 0-30
    issued_days_ago(hillside, "30", 30, prices=("4.00",))
    issued_days_ago(hillside, "31", 31, prices=("8.00",))
    issued_days_ago(hillside, "60", 60, prices=("16.00",))
    issued_days_ago(hillside, "61", 61, prices=("32.00",))
    issued_days_ago(hillside, "90", 90, prices=("64.00",))
    part = issued_days_ago(hillside, "91", 91, prices=("128.00",))
    pay(part, "28.00")  # only the outstanding 100 counts
    paid = issued_days_ago(riverside, "paid", 200, prices=("999.00",))
    pay(paid, "999.00")  # owing nothing: left out
    issued_days_ago(riverside, "r", 45, prices=("50.00",))

    report = aged_debt.aged_debt(today=timezone.localdate())
    rows = {row["account__reference"]: row for row in report["rows"]}
    assert set(rows) == {"URN100001", "URN200002"}
    h = rows["URN100001"]
    assert (h["not_due"], h["days_0_30"], h["days_31_60"], h["days_61_90"], h["days_over_90"]) == (
        D("1.00"),
        D("6.00"),
        D("24.00"),
        D("96.00"),
        D("100.00"),
    )
    assert h["total"] == D("227.00")
    assert rows["URN200002"]["days_31_60"] == D("50.00")
    assert report["totals"]["days_31_60"] == D("74.00")
    assert report["totals"]["total"] == D("277.00")


@pytest.mark.parametrize("bad", ["", "nonsense", "-"])
def test_an_unknown_sort_falls_back_to_newest_first(db, bad):
    account = make_account()
    older, newer = issue(account, "a"), issue(account, "b")
    assert [i.pk for i in selectors.invoice_list(sort=bad or "-date")][:2] == [newer.pk, older.pk]
