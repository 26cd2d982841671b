"""Aged debt: what each account owes, by how many days past the due date, from the invoices owing (their
outstanding sums as hub.billing.selectors.with_outstanding works them out, the same that settles them)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from operator import itemgetter

from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, Sum, Value
from django.db.models.functions import Cast, Greatest
from django.utils import timezone

from hub.billing.models import Invoice
from hub.billing.selectors import with_outstanding
from hub.money import ZERO

BUCKETS = [
    ("not_due", "Not yet due"),
    ("days_0_30", "0–30 days"),
    ("days_31_60", "31–60 days"),
    ("days_61_90", "61–90 days"),
    ("days_over_90", "Over 90 days"),
]


BANDS = [key for key, _ in BUCKETS]

AGED_DEBT_SORTS = {
    "-total": ("-total", "account__name"),
    "total": ("total", "account__name"),
    "name": ("account__name", "account__reference"),
    "-name": ("-account__name", "account__reference"),
    "oldest": ("-days_over_90", "-days_61_90", "-days_31_60", "-total", "account__name"),
}


def _band(today: datetime.date, due: datetime.date) -> str:
    """The age band of a debt due on `due`: not yet due, or how many days overdue (0 to 30, ... over 90)."""
    days = (today - due).days
    if days < 0:
        return "not_due"
    for limit, band in ((30, "days_0_30"), (60, "days_31_60"), (90, "days_61_90")):
        if days <= limit:
            return band
    return "days_over_90"


# What a row says of its account (its area to filter by), and the fields they are read from: the id its link
# needs as text, not as 850 UUIDs parsed a page.
_ACCOUNT = {
    "account__public_id": "account_public_id",
    "account__name": "account__name",
    "account__reference": "account__reference",
    "account__area_id": "account__area_id",
    "account__area__name": "account__area__name",
}


_NOTHING_OWED = dict.fromkeys([*BANDS, "total"], ZERO)


def _owing_by_account(today: datetime.date) -> list[dict]:
    """Each account owing, with its debt by age band, from one query of the invoices (each one's outstanding
    sum worked out once) summed here: summed by band in SQL, it was worked out again per band, and kept to
    those owing in SQL, twice more for each invoice."""
    accounts: dict[int, dict] = {}
    invoices = with_outstanding(Invoice.objects.filter(kind=Invoice.Kind.INVOICE)).annotate(
        account_public_id=Cast("account__public_id", output_field=CharField())
    )
    bands: dict[datetime.date, str] = {}  # a run's invoices share a few due dates
    for row in invoices.order_by().values_list("account_id", "due_date", "outstanding", *_ACCOUNT.values()):
        outstanding = row[2]
        if outstanding <= ZERO:
            continue
        account = accounts.get(row[0])
        if account is None:
            account = accounts[row[0]] = dict(zip(_ACCOUNT, row[3:], strict=True)) | _NOTHING_OWED
        band = bands.get(row[1]) or bands.setdefault(row[1], _band(today, row[1]))
        account[band] += outstanding
        account["total"] += outstanding
    return [accounts[account_id] for account_id in sorted(accounts)]  # ties stay in one order, page to page


def _sorted(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Rows ordered by `keys` as order_by() would (a name by its letters, whatever their case); sums are
    compared as they are, without a Python call a row."""
    for key in reversed(keys):
        field = key.lstrip("-")
        by = _by_letters(field) if field in _TEXT else itemgetter(field)
        rows.sort(key=by, reverse=key.startswith("-"))
    return rows


_TEXT = {"account__name", "account__reference"}


def _by_letters(field: str) -> Callable[[dict], str]:
    return lambda row: row[field].casefold()


def aged_debt_rows(
    *, today: datetime.date | None = None, area=None, band: str = "", sort: str = "-total"
) -> list[dict]:
    """Money owed per account by days past the due date, one row per account owing (in `area`, owing in
    `band`), in the `sort` order; page them and total them (`aged_debt_totals`) from this list."""
    today = today or timezone.localdate()
    rows = [
        row
        for row in _owing_by_account(today)
        if (area is None or row["account__area_id"] == area.pk) and (not band or row[band] > 0)
    ]
    return _sorted(rows, AGED_DEBT_SORTS.get(sort, AGED_DEBT_SORTS["-total"]))


def aged_debt_totals(rows: Iterable[dict]) -> dict:
    """The totals of each age band over `rows` (aged_debt_rows)."""
    rows = list(rows)
    return {key: sum(map(itemgetter(key), rows), ZERO) for key in _NOTHING_OWED}


def debt_summary(*, today: datetime.date | None = None) -> dict:
    """What is owed in all, and how much of it is due or overdue: the aged debt's total and its bands from
    the due date, for a home page with no rows. One query works out what each invoice owes once (none
    counts below nothing) and sums it in two groups, due or not yet due: with a sum each and a filter to
    those owing, it was worked out three times over."""
    today = today or timezone.localdate()
    invoices = with_outstanding(Invoice.objects.filter(kind=Invoice.Kind.INVOICE)).order_by()
    is_due = ExpressionWrapper(Q(due_date__lte=today), output_field=BooleanField())
    sums = dict(invoices.values_list(is_due).annotate(owed=Sum(Greatest("outstanding", Value(ZERO)))))
    return {"total": sum(sums.values(), ZERO), "overdue": sums.get(True, ZERO)}


def aged_debt(*, today: datetime.date | None = None) -> dict:
    """Every account owing, largest debt first, with the totals of each age band."""
    today = today or timezone.localdate()
    rows = aged_debt_rows(today=today)
    return {"rows": rows, "totals": aged_debt_totals(rows), "buckets": BUCKETS, "today": today}
