"""The hub's notice rule: six weeks of teaching, counted in the pupil's lessons, so breaks do not count."""

import datetime

import pytest

from hub.models import TermBreak
from tests.tuition_factories import academic_year
from tuition.notice import notice_end, notice_end_for

D = datetime.date


def test_notice_ends_on_the_sixth_lesson_after_the_day_it_is_given():
    lessons = [D(2026, 9, 8) + datetime.timedelta(weeks=n) for n in range(10)]
    # Given on a lesson day: that day's lesson does not count.
    assert notice_end(D(2026, 9, 8), lessons, 6) == D(2026, 10, 20)
    assert notice_end(D(2026, 9, 9), lessons, 6) == D(2026, 10, 20)
    assert notice_end(D(2026, 9, 7), lessons, 6) == D(2026, 10, 13)


def test_notice_with_fewer_lessons_left_than_weeks_ends_on_the_last_one_the_calendar_holds():
    lessons = [D(2027, 7, 6), D(2027, 7, 13), D(2027, 7, 20)]
    assert notice_end(D(2027, 7, 1), lessons, 6) == D(2027, 7, 20)
    assert notice_end(D(2027, 7, 21), lessons, 6) == D(2027, 7, 21)


@pytest.mark.django_db
def test_half_term_does_not_count_towards_notice():
    autumn = academic_year(2026).terms.get(kind="autumn")
    TermBreak.objects.create(term=autumn, starts_on=D(2026, 10, 26), ends_on=D(2026, 10, 30))
    # Tuesdays after 6 October: 13, 20, (27 is half-term), 3, 10, 17, 24 November.
    assert notice_end_for(D(2026, 10, 6), weekday=1) == D(2026, 11, 24)


@pytest.mark.django_db
def test_notice_runs_on_over_the_holidays_into_the_next_term():
    academic_year(2026)
    # Tuesdays after 24 November: 1, 8, 15 December; the autumn term ends on the 18th; then 5, 12, 19 January.
    assert notice_end_for(D(2026, 11, 24), weekday=1) == D(2027, 1, 19)


@pytest.mark.django_db
def test_notice_late_in_the_summer_runs_into_next_year_when_its_calendar_is_there():
    academic_year(2026)
    # Tuesdays after 1 July 2027: 6, 13, 20 July (the year's last term ends on the 21st).
    assert notice_end_for(D(2027, 7, 1), weekday=1) == D(2027, 7, 20)
    academic_year(2027)
    # With 2027/28 in the calendar: then 7, 14, 21 September.
    assert notice_end_for(D(2027, 7, 1), weekday=1) == D(2027, 9, 21)
