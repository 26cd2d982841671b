"""The portal's own template filters, where they stand in for Django's slower ones."""

import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from hub.templatetags.portal import dmy


def test_dmy_writes_a_day_as_the_date_filter_does_and_a_dash_or_the_words_given_for_none():
    day = datetime.date(2026, 12, 7)
    assert dmy(day) == date_filter(day, "d/m/Y") == "07/12/2026"
    assert dmy(None) == "—" and dmy(None, "Still away") == "Still away" and dmy("") == "—"


def test_dmy_shows_a_moment_on_its_local_day():
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 July in London
    assert dmy(late) == date_filter(timezone.localtime(late), "d/m/Y") == "01/07/2026"
