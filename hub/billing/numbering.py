"""How invoice series are named: by the financial year they belong to, so that the year is plain.

A series is a prefix and a financial year, "SLA-2026-27" (schools), "FAM-2026-27" (families); its
invoices are numbered "SLA-2026-27-00042".
Series created under the old scheme (SLA-2027, CN-2026) keep their names: issued invoices never change.
"""

import datetime
import re

from hub import calendar

# "2026-27": the year it starts and the last two digits of the year it ends, as FinancialYear names it.
_YEAR_NAME = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})$")
NUMBER_DIGITS = 5
CREDIT_NOTE_PREFIX = "CN"
FAMILY_PREFIX = "FAM"


def financial_year_name(day: datetime.date) -> str:
    """The UK financial year (1 April to 31 March) that a day falls in: 1 April 2026 -> "2026-27"."""
    return calendar.financial_year_name(calendar.financial_start_year(day))


def series_code(prefix: str, financial_year: str) -> str:
    """A series' code: ("SLA", "2026-27") -> "SLA-2026-27"."""
    year = _YEAR_NAME.match(str(financial_year))
    if not year or (int(year["start"]) + 1) % 100 != int(year["end"]):
        raise ValueError(f"A financial year is written like 2026-27, not {financial_year!r}.")
    if not re.fullmatch(r"[A-Z]+", prefix):
        raise ValueError(f"A series prefix is capital letters, not {prefix!r}.")
    return f"{prefix}-{financial_year}"


def credit_note_series(day: datetime.date) -> str:
    """Credit notes are numbered in the financial year they are issued in: "CN-2026-27"."""
    return series_code(CREDIT_NOTE_PREFIX, financial_year_name(day))


def family_series(day: datetime.date) -> str:
    """Families' termly bills are numbered in the financial year their term starts in: "FAM-2026-27"."""
    return series_code(FAMILY_PREFIX, financial_year_name(day))


def display_number(series_code: str, number: int) -> str:
    """An invoice's number as printed: "SLA-2026-27-00042"."""
    return f"{series_code}-{number:0{NUMBER_DIGITS}d}"
