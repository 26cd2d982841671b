"""hub/calendar.py is the one place for the year rules: the demo builder and the factories read them."""

import datetime

import pytest

from hub import calendar
from hub.models import ClosureDay, Term, TermBreak
from tests.factories import make_academic_year
from tests.sla_factories import financial_year_for as make_financial_year

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start", "name", "first", "last"),
    [
        (D(2026, 4, 1), 2026, "2026-27", D(2026, 4, 1), D(2027, 3, 31)),
        (D(2027, 3, 31), 2026, "2026-27", D(2026, 4, 1), D(2027, 3, 31)),
        (D(2099, 12, 31), 2099, "2099-00", D(2099, 4, 1), D(2100, 3, 31)),
    ],
)
def test_a_financial_year_runs_from_1_april_to_31_march(day, start, name, first, last):
    assert calendar.financial_start_year(day) == start
    assert calendar.financial_year_name(start) == name
    assert calendar.financial_year_dates(start) == (first, last)


@pytest.mark.parametrize(
    ("day", "start", "name", "first", "last"),
    [
        (D(2026, 9, 1), 2026, "2026/27", D(2026, 9, 1), D(2027, 8, 31)),
        (D(2027, 8, 31), 2026, "2026/27", D(2026, 9, 1), D(2027, 8, 31)),
        (D(2027, 2, 28), 2026, "2026/27", D(2026, 9, 1), D(2027, 8, 31)),
    ],
)
def test_an_academic_year_runs_from_1_september_to_31_august(day, start, name, first, last):
    assert calendar.academic_start_year(day) == start
    assert calendar.academic_year_name(start) == name
    assert calendar.academic_year_dates(start) == (first, last)


def test_the_financial_year_of_a_day_is_looked_up_by_its_dates(db):
    year = make_financial_year(D(2026, 6, 1))
    assert (year.name, year.starts_on, year.ends_on) == ("2026-27", D(2026, 4, 1), D(2027, 3, 31))
    assert calendar.financial_year_for(D(2027, 3, 31)) == year
    assert calendar.financial_year_for(D(2027, 4, 1)) is None


def test_terms_breaks_and_closures_decide_the_teaching_days(db):
    year = make_academic_year(2026)  # autumn term 3 September to 18 December 2026
    autumn = Term.objects.get(academic_year=year, kind=Term.Kind.AUTUMN)
    TermBreak.objects.create(term=autumn, starts_on=D(2026, 10, 26), ends_on=D(2026, 10, 30))
    ClosureDay.objects.create(academic_year=year, date=D(2026, 9, 3), reason="INSET day")
    assert calendar.academic_year_for(D(2026, 9, 3)) == year
    assert calendar.term_for(D(2026, 10, 27)) == autumn  # a half term is inside its term
    assert calendar.term_for(D(2026, 12, 25)) is None
    assert calendar.closure_on(D(2026, 9, 3)).reason == "INSET day"
    assert [
        calendar.is_teaching_day(day)
        for day in (D(2026, 9, 3), D(2026, 9, 4), D(2026, 9, 5), D(2026, 10, 27), D(2026, 12, 21))
    ] == [False, True, False, False, False]  # closure, Friday, Saturday, half term, holiday


def test_a_terms_teaching_days_read_with_the_term_are_those_read_on_their_own(db, django_assert_num_queries):
    year = make_academic_year(2026)
    autumn = Term.objects.get(academic_year=year, kind=Term.Kind.AUTUMN)
    TermBreak.objects.create(term=autumn, starts_on=D(2026, 10, 26), ends_on=D(2026, 10, 30))
    TermBreak.objects.create(term=autumn, starts_on=D(2026, 9, 21), ends_on=D(2026, 9, 22))
    ClosureDay.objects.create(academic_year=year, date=D(2026, 9, 3), reason="INSET day")
    ClosureDay.objects.create(academic_year=year, date=D(2027, 1, 4), reason="Another term's")
    with django_assert_num_queries(2):
        term, days = calendar.term_with_teaching_days(D(2026, 11, 2))
    assert term == autumn and days == calendar.teaching_days_by_weekday(autumn)
    assert D(2026, 9, 3) not in days[3] and D(2026, 9, 22) not in days[1] and D(2026, 10, 27) not in days[1]
    with django_assert_num_queries(1):
        assert calendar.term_with_teaching_days(D(2026, 12, 25)) == (None, {})
