"""Range expressions for the exclusion constraints that keep tutors and pupils in one place at a time."""

from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField
from django.db.models import Func


class TimeOfDayRange(Func):
    """A weekly time of day (start, end) as a range PostgreSQL can test for overlap: both times on one day."""

    template = "tsrange(DATE '2000-01-03' + %(expressions)s, '[)')"
    arg_joiner = ", DATE '2000-01-03' + "
    output_field = DateTimeRangeField()


class DaySpan(Func):
    """The days from start to end, both included; an end of NULL runs on without end."""

    function = "daterange"
    template = "daterange(%(expressions)s, '[]')"
    output_field = DateRangeField()
