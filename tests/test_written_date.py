"""hub.calendar.written_date, which the lists' rows and the {{ day|dmy }} filter write dates with."""

import datetime

from django.template.defaultfilters import date as date_filter

from hub.calendar import written_date


def test_it_writes_every_day_of_two_years_as_the_date_filter_does():
    first = datetime.date(2026, 1, 1)
    for n in range(731):
        day = first + datetime.timedelta(days=n)
        assert written_date(day) == date_filter(day, "d/m/Y")
