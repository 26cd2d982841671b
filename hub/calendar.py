"""The hub's calendar rules: which academic or financial year, term or closure a day falls in.

The one place for these rules. The pure ones (start years, names, first and last days) need no database;
the lookups read the years, terms, breaks and closures the hub has set up.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from hub.models import AcademicYear, ClosureDay, FinancialYear, Term, TermBreak


def written_date(value: datetime.date | None, empty: str = "—") -> str:
    """A date as the portal's lists write it, "07/12/2026" (a date and time in local time), or `empty` for
    none: for rows written in Python, and the {{ day|dmy }} filter."""
    if not value:
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    # Not strftime(): it took a microsecond a date, and a list of two hundred invoices writes four hundred.
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


ACADEMIC_YEAR_STARTS = (9, 1)  # 1 September to 31 August
FINANCIAL_YEAR_STARTS = (4, 1)  # 1 April to 31 March, the UK public sector's accounting year


def academic_start_year(day: datetime.date) -> int:
    """The calendar year in which the day's academic year starts: 31 August 2027 -> 2026."""
    return day.year if (day.month, day.day) >= ACADEMIC_YEAR_STARTS else day.year - 1


def financial_start_year(day: datetime.date) -> int:
    """The calendar year in which the day's financial year starts: 31 March 2027 -> 2026."""
    return day.year if (day.month, day.day) >= FINANCIAL_YEAR_STARTS else day.year - 1


def academic_year_name(start_year: int) -> str:
    """An academic year as schools write it: 2026 -> "2026/27"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_name(start_year: int) -> str:
    """A financial year as accounts write it: 2026 -> "2026-27"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def academic_year_dates(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the academic year starting in start_year."""
    month, day = ACADEMIC_YEAR_STARTS
    starts_on = datetime.date(start_year, month, day)
    return starts_on, datetime.date(start_year + 1, month, day) - datetime.timedelta(days=1)


def financial_year_dates(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the financial year starting in start_year."""
    month, day = FINANCIAL_YEAR_STARTS
    starts_on = datetime.date(start_year, month, day)
    return starts_on, datetime.date(start_year + 1, month, day) - datetime.timedelta(days=1)


def financial_year_for(day: datetime.date) -> FinancialYear | None:
    """The financial year (1 April to 31 March) holding the day, if it is set up."""
    return FinancialYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def academic_year_for(day: datetime.date) -> AcademicYear | None:
    """The academic year (1 September to 31 August) holding the day, if it is set up."""
    return AcademicYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def term_for(day: datetime.date) -> Term | None:
    """The term holding the day (its half-term break included), if any: None in the holidays."""
    return Term.objects.filter(starts_on__lte=day, ends_on__gte=day).select_related("academic_year").first()


def term_before(term: Term) -> Term | None:
    """The term that came before this one (last year's summer term before an autumn term), if it is set up."""
    return Term.objects.filter(starts_on__lt=term.starts_on).order_by("-starts_on").first()


def closure_on(day: datetime.date) -> ClosureDay | None:
    """The closure (bank holiday, training day) on the day, if there is one."""
    return ClosureDay.objects.filter(date=day).first()


def is_teaching_day(day: datetime.date) -> bool:
    """A weekday in a term, outside its breaks and not a closure: when lessons and rehearsals happen."""
    if day.weekday() >= 5:
        return False
    term = term_for(day)
    if term is None or term.breaks.filter(starts_on__lte=day, ends_on__gte=day).exists():
        return False
    return closure_on(day) is None


def days_on_weekday(
    first: datetime.date,
    last: datetime.date,
    weekday: int,
    breaks: Iterable[tuple[datetime.date, datetime.date]],
    closed: set[datetime.date],
) -> list[datetime.date]:
    """Every `weekday` from first to last that is outside the breaks and not a closed day (no database)."""
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        if day not in closed and not any(start <= day <= end for start, end in breaks):
            days.append(day)
        day += datetime.timedelta(days=7)
    return days


def _breaks_and_closures(term: Term) -> tuple[list[tuple[datetime.date, datetime.date]], set[datetime.date]]:
    breaks = list(TermBreak.objects.filter(term=term).values_list("starts_on", "ends_on"))
    closed = set(
        ClosureDay.objects.filter(
            academic_year_id=term.academic_year_id, date__range=(term.starts_on, term.ends_on)
        ).values_list("date", flat=True)
    )
    return breaks, closed


def teaching_days(term: Term, weekday: int) -> list[datetime.date]:
    """Every `weekday` of the term that is outside its breaks and not a closure day: the dates of a slot's
    lessons and of an ensemble's rehearsals."""
    breaks, closed = _breaks_and_closures(term)
    return days_on_weekday(term.starts_on, term.ends_on, weekday, breaks, closed)


def teaching_days_by_weekday(term: Term) -> dict[int, list[datetime.date]]:
    """Each weekday's teaching days in the term (as teaching_days), reading its breaks and closures once."""
    breaks, closed = _breaks_and_closures(term)
    return {
        weekday: days_on_weekday(term.starts_on, term.ends_on, weekday, breaks, closed)
        for weekday in range(7)
    }


def term_with_teaching_days(day: datetime.date) -> tuple[Term | None, dict[int, list[datetime.date]]]:
    """The term holding the day, if any, with each weekday's teaching days in it (as
    teaching_days_by_weekday): its breaks and closures are read in one query, a closure as a break of one
    day, for the pages that read them on every request (a tutor's home and registers list)."""
    term = Term.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if term is None:
        return None, {}
    closures = ClosureDay.objects.filter(
        academic_year_id=term.academic_year_id, date__range=(term.starts_on, term.ends_on)
    ).values_list("date", "date")
    breaks = TermBreak.objects.filter(term=term).values_list("starts_on", "ends_on")
    spans = list(breaks.order_by().union(closures.order_by(), all=True))
    return term, {
        weekday: days_on_weekday(term.starts_on, term.ends_on, weekday, spans, set()) for weekday in range(7)
    }


def terms_with_teaching_days(terms: Iterable[Term]) -> list[tuple[Term, dict[int, list[datetime.date]]]]:
    """Each term with its teaching days by weekday (as teaching_days_by_weekday), reading the breaks and
    closures of all the terms in two queries: a calendar feed spans a year's terms."""
    terms = list(terms)
    breaks: dict[int, list[tuple[datetime.date, datetime.date]]] = {term.pk: [] for term in terms}
    for term_id, starts_on, ends_on in TermBreak.objects.filter(term__in=terms).values_list(
        "term_id", "starts_on", "ends_on"
    ):
        breaks[term_id].append((starts_on, ends_on))
    years = {term.academic_year_id for term in terms}
    closed = set(ClosureDay.objects.filter(academic_year_id__in=years).values_list("date", flat=True))
    return [
        (
            term,
            {
                weekday: days_on_weekday(term.starts_on, term.ends_on, weekday, breaks[term.pk], closed)
                for weekday in range(7)
            },
        )
        for term in terms
    ]
