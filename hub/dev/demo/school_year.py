"""The hub's calendar: academic years with English term dates, and financial years for SLAs."""

import datetime
from dataclasses import dataclass

from dateutil.easter import easter

from hub.calendar import (
    academic_start_year,
    academic_year_dates,
    academic_year_name,
    financial_start_year,
    financial_year_dates,
    financial_year_name,
)
from hub.models import AcademicYear, ClosureDay, FinancialYear, Term, TermBreak

MONDAY, FRIDAY = 0, 4


@dataclass(frozen=True, slots=True)
class TermDates:
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    half_term: tuple[datetime.date, datetime.date]


@dataclass(frozen=True, slots=True)
class YearDates:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    terms: tuple[TermDates, ...]
    closures: tuple[tuple[datetime.date, str], ...]


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: datetime.date, weekday: int) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)


def _school_day_on_or_after(day: datetime.date) -> datetime.date:
    return day if day.weekday() <= FRIDAY else _weekday_on_or_after(day, MONDAY)


def _school_day_on_or_before(day: datetime.date) -> datetime.date:
    return day if day.weekday() <= FRIDAY else _weekday_on_or_before(day, FRIDAY)


def _week_from(monday: datetime.date) -> tuple[datetime.date, datetime.date]:
    return monday, monday + datetime.timedelta(days=4)


def year_dates(start_year: int) -> YearDates:
    """Term dates as most English local authorities set them; pure, for any year."""
    s, n = start_year, start_year + 1
    # Autumn starts in the first week of September; a start that would fall on a Friday waits for Monday.
    autumn_start = datetime.date(s, 9, 3)
    if autumn_start.weekday() >= FRIDAY:
        autumn_start = _weekday_on_or_after(autumn_start, MONDAY)
    autumn = TermDates(
        kind=Term.Kind.AUTUMN,
        starts_on=autumn_start,
        ends_on=_weekday_on_or_before(datetime.date(s, 12, 20), FRIDAY),
        half_term=_week_from(_weekday_on_or_before(datetime.date(s, 10, 31), MONDAY)),
    )
    # The Easter holiday is two weeks round Easter: an early Easter falls in its first week, a late one in
    # its second, so summer term never starts far into April.
    easter_sunday = easter(n)
    if easter_sunday < datetime.date(n, 4, 10):
        spring_end = easter_sunday - datetime.timedelta(days=3)
        summer_start = easter_sunday + datetime.timedelta(days=15)
    else:
        spring_end = easter_sunday - datetime.timedelta(days=16)
        summer_start = easter_sunday + datetime.timedelta(days=2)
    spring = TermDates(
        kind=Term.Kind.SPRING,
        starts_on=_school_day_on_or_after(datetime.date(n, 1, 4)),
        ends_on=spring_end,
        half_term=_week_from(_weekday_on_or_after(datetime.date(n, 2, 12), MONDAY)),
    )
    summer = TermDates(
        kind=Term.Kind.SUMMER,
        starts_on=summer_start,
        ends_on=_school_day_on_or_before(datetime.date(n, 7, 22)),
        # The late May bank holiday (last Monday in May) starts the summer half term.
        half_term=_week_from(_weekday_on_or_before(datetime.date(n, 5, 31), MONDAY)),
    )
    closures = (
        (autumn.starts_on, "INSET day: schools closed for staff training"),
        (spring.starts_on, "Hub staff training day"),
        (_weekday_on_or_after(datetime.date(n, 5, 1), MONDAY), "Early May bank holiday"),
    )
    starts_on, ends_on = academic_year_dates(s)
    return YearDates(
        name=academic_year_name(s),
        starts_on=starts_on,
        ends_on=ends_on,
        terms=(autumn, spring, summer),
        closures=closures,
    )


def ensure_academic_year(*, start_year: int) -> tuple[AcademicYear, bool]:
    """The academic year with its terms, half terms and closures; rows already there are kept as they are."""
    dates = year_dates(start_year)
    year, created = AcademicYear.objects.get_or_create(
        name=dates.name, defaults={"starts_on": dates.starts_on, "ends_on": dates.ends_on}
    )
    for term_dates in dates.terms:
        term, _ = Term.objects.get_or_create(
            academic_year=year,
            kind=term_dates.kind,
            defaults={"starts_on": term_dates.starts_on, "ends_on": term_dates.ends_on},
        )
        if not term.breaks.exists():
            TermBreak.objects.create(
                term=term, starts_on=term_dates.half_term[0], ends_on=term_dates.half_term[1]
            )
    for day, reason in dates.closures:
        ClosureDay.objects.get_or_create(academic_year=year, date=day, defaults={"reason": reason})
    return year, created


def ensure_financial_year(*, start_year: int) -> tuple[FinancialYear, bool]:
    """The financial year from 1 April, written "2026-27"."""
    starts_on, ends_on = financial_year_dates(start_year)
    return FinancialYear.objects.get_or_create(
        name=financial_year_name(start_year), defaults={"starts_on": starts_on, "ends_on": ends_on}
    )


def ensure_calendar(*, today: datetime.date) -> list[AcademicYear]:
    """This academic and financial year and the next; returns the two academic years."""
    academic = academic_start_year(today)
    financial = financial_start_year(today)
    years = [ensure_academic_year(start_year=start)[0] for start in (academic, academic + 1)]
    for start in (financial, financial + 1):
        ensure_financial_year(start_year=start)
    return years
