"""The portal's own template filters, where they stand in for Django's slower ones."""

import datetime
import uuid

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from hub.templatetags.portal import dmy
from hub.templatetags.registers import mark_buttons_html


def test_dmy_writes_a_day_as_the_date_filter_does_and_a_dash_or_the_words_given_for_none():
    day = datetime.date(2026, 12, 7)
    assert dmy(day) == date_filter(day, "d/m/Y") == "07/12/2026"
    assert dmy(None) == "—" and dmy(None, "Still away") == "Still away" and dmy("") == "—"


def test_dmy_shows_a_moment_on_its_local_day():
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 July in London
    assert dmy(late) == date_filter(timezone.localtime(late), "d/m/Y") == "01/07/2026"


def test_mark_buttons_press_the_rows_mark_and_escape_the_name_they_read_out():
    others = [("late", "Late", True), ("absent", "Absent", False)]
    html = mark_buttons_html("mark", "late", others, "Ann O'Neill")
    assert 'value="present" aria-pressed="false"' in html and "btn-outline-success" in html
    assert 'value="late" aria-pressed="true"' in html and 'value="absent" aria-pressed="false"' in html
    assert '<summary class="btn btn-lg btn-secondary">' in html
    assert html.count(": Ann O&#x27;Neill</span>") == 3 and "Ann O'Neill" not in html


def test_rate_rows_badge_a_rate_under_the_threshold_and_escape_names():
    from ensembles.selectors.attendance import MemberRate
    from ensembles.templatetags.ensemble_tables import rate_rows

    rows = [
        MemberRate(uuid.uuid4(), "Ann O'Neill", "Flutes", 2, 4, 50.0),
        MemberRate(uuid.uuid4(), "Bo <Smith>", "Flutes", 3, 4, 75.0),
        MemberRate(uuid.uuid4(), "Cy Smith", "Horns", 0, 0, None),
    ]
    html = rate_rows(rows, 75).split("\n")
    assert html[0] == (
        '<tr><th scope="row">Ann O&#x27;Neill</th><td>Flutes</td><td class="text-end">2</td>'
        '<td class="text-end">4</td><td class="text-end">50% '
        '<span class="badge text-bg-warning">Below 75%</span></td></tr>'
    )
    assert "Bo &lt;Smith&gt;" in html[1] and "badge" not in html[1]
    assert html[2].endswith('<td class="text-end">No marks yet</td></tr>')
