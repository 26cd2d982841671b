"""An ensemble's schedule: a term's rehearsals generated from the calendar (half terms and closures
skipped, a second run adds nothing), one-off events and concerts with their field errors, calling a date off,
and the ensemble's public iCalendar feed (parsed with the icalendar library; no one's name in it)."""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import IntegrityError
from django.template import Context, Template
from django.urls import reverse

from ensembles.models import Rehearsal
from ensembles.services.schedule import generate_rehearsals
from hub.calendar import teaching_days
from hub.models import ClosureDay, TermBreak
from tests.ensemble_factories import EnsembleFactory, RehearsalFactory, join
from tests.tuition_factories import pin_today

D = datetime.date
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def autumn(year):
    """Autumn 2026 (3 September to 18 December) with a half term over two Saturdays and a closed Saturday."""
    term = year.terms.get(kind="autumn")
    TermBreak.objects.create(term=term, starts_on=D(2026, 10, 24), ends_on=D(2026, 11, 1))
    ClosureDay.objects.create(academic_year=year, date=D(2026, 11, 7), reason="Music centre closed")
    return term


def test_a_terms_rehearsals_come_from_the_calendar_skipping_half_term_and_closures(autumn, hub_admin):
    ensemble = EnsembleFactory(venue="Hatherley Music Centre")  # Saturdays, 09:30 to 12:00
    added = generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin)
    dates = list(Rehearsal.objects.filter(ensemble=ensemble).values_list("date", flat=True))
    assert dates == teaching_days(autumn, 5) == [rehearsal.date for rehearsal in added]
    assert len(dates) == 12  # 15 Saturdays, less two in half term and the closure
    assert D(2026, 9, 5) in dates and D(2026, 12, 12) in dates
    assert not {D(2026, 10, 24), D(2026, 10, 31), D(2026, 11, 7)} & set(dates)
    assert set(Rehearsal.objects.values_list("kind", "starts_at", "ends_at", "venue")) == {
        ("rehearsal", datetime.time(9, 30), datetime.time(12), "Hatherley Music Centre")
    }


def test_generating_a_term_twice_adds_nothing_even_after_the_time_changes(autumn, hub_admin):
    ensemble = EnsembleFactory()
    first = generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin)
    assert generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin) == []
    ensemble.starts_at, ensemble.ends_at = datetime.time(10), datetime.time(12, 30)
    ensemble.save()
    assert generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin) == []
    assert Rehearsal.objects.count() == len(first) == 12


def test_the_database_refuses_a_second_rehearsal_at_the_same_start_but_not_a_concert(year):
    rehearsal = RehearsalFactory()
    RehearsalFactory(ensemble=rehearsal.ensemble, kind="concert", title="Autumn concert")
    with pytest.raises(IntegrityError):
        RehearsalFactory(ensemble=rehearsal.ensemble)


def test_a_leader_generates_the_term_from_the_schedule_page_and_sees_its_dates(
    client, autumn, ensemble_leader, monkeypatch
):
    pin_today(monkeypatch, D(2026, 9, 1))
    ensemble = EnsembleFactory(leaders=[ensemble_leader])
    client.force_login(ensemble_leader)
    url = reverse("ensembles:schedule", args=[ensemble.slug])
    assert "No dates yet" in client.get(url).content.decode()
    html = client.post(url, {"term": autumn.slug}, follow=True).content.decode()
    assert "12 rehearsals added for the autumn term." in html
    assert "Sat 5 Sep 2026" in html and "Sat 12 Dec 2026" in html and "Sat 31 Oct 2026" not in html
    html = client.post(url, {"term": autumn.slug}, follow=True).content.decode()
    assert "already has all its rehearsals: none added" in html
    assert Rehearsal.objects.count() == 12


def test_a_term_that_is_not_offered_is_refused_at_its_field(client, autumn, hub_admin):
    ensemble = EnsembleFactory()
    client.force_login(hub_admin)
    response = client.post(reverse("ensembles:schedule", args=[ensemble.slug]), {"term": "2031-autumn"})
    assert response.status_code == 200
    assert response.context["form"].errors["term"] == ["Choose a term the hub has set up."]
    assert not Rehearsal.objects.exists()


def test_the_schedule_page_runs_a_fixed_number_of_queries(
    client, autumn, hub_admin, django_assert_num_queries
):
    ensemble = EnsembleFactory()
    client.force_login(hub_admin)
    url = reverse("ensembles:schedule", args=[ensemble.slug]) + f"?term={autumn.slug}"
    RehearsalFactory(ensemble=ensemble, date=D(2026, 9, 5))
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin)
    with django_assert_num_queries(9):
        assert "Sat 12 Dec 2026" in client.get(url).content.decode()


EVENT = {
    "kind": "concert",
    "title": "Winter concert",
    "date": "2026-12-12",
    "starts_at": "19:00",
    "ends_at": "21:00",
    "venue": "Brindleton Town Hall",
}


def test_staff_add_a_concert_with_its_venue_and_times(client, autumn, ensemble_leader):
    ensemble = EnsembleFactory(leaders=[ensemble_leader])
    client.force_login(ensemble_leader)
    response = client.post(reverse("ensembles:event-add", args=[ensemble.slug]), EVENT, follow=True)
    assert "Winter concert on 12/12/2026 has been added." in response.content.decode()
    concert = Rehearsal.objects.get()
    assert (concert.kind, concert.title, concert.date, concert.venue) == (
        "concert",
        "Winter concert",
        D(2026, 12, 12),
        "Brindleton Town Hall",
    )
    assert (concert.starts_at, concert.ends_at) == (datetime.time(19), datetime.time(21))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "18:30"}, "ends_at", "It must end after it starts."),
        ({"ends_at": "19:00"}, "ends_at", "It must end after it starts."),
        ({"title": ""}, "title", "Give the event or concert its title."),
        ({"title": "   "}, "title", "Give the event or concert its title."),
        ({"venue": ""}, "venue", "Give the venue."),
        ({"date": "31/02/2026"}, "date", "Give the date as a real date."),
        ({"kind": "rehearsal"}, "kind", None),
    ],
)
def test_a_bad_event_is_refused_at_its_field_and_nothing_is_saved(
    client, autumn, hub_admin, changes, field, message
):
    ensemble = EnsembleFactory()
    client.force_login(hub_admin)
    response = client.post(reverse("ensembles:event-add", args=[ensemble.slug]), EVENT | changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    html = response.content.decode()
    assert "<title>Error:" in html and 'aria-invalid="true"' in html
    assert not Rehearsal.objects.exists()


def test_calling_a_date_off_asks_first_and_the_feed_shows_it_cancelled(client, year, hub_admin, monkeypatch):
    pin_today(monkeypatch, D(2026, 9, 1))
    rehearsal = RehearsalFactory()
    client.force_login(hub_admin)
    url = reverse("ensembles:rehearsal-cancel", args=[rehearsal.public_id])
    assert "Call it off" in client.get(url).content.decode()
    rehearsal.refresh_from_db()
    assert not rehearsal.cancelled
    client.post(url)
    rehearsal.refresh_from_db()
    assert rehearsal.cancelled
    feed = icalendar.Calendar.from_ical(
        client.get(reverse("ensembles:ensemble-feed", args=[rehearsal.ensemble.public_id])).content
    )
    [event] = feed.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["SUMMARY"].startswith("Cancelled: ")
    client.post(url, {"reinstate": "1"})
    rehearsal.refresh_from_db()
    assert not rehearsal.cancelled


def _feed(client, ensemble):
    response = client.get(reverse("ensembles:ensemble-feed", args=[ensemble.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_an_ensembles_feed_parses_with_its_dates_times_and_venue_and_no_members_name(
    client, autumn, hub_admin, child, monkeypatch
):
    pin_today(monkeypatch, D(2026, 9, 1))
    ensemble = EnsembleFactory(name="Brindleton Junior Strings", venue="Hatherley Music Centre")
    generate_rehearsals(ensemble=ensemble, term=autumn, by=hub_admin)
    RehearsalFactory(
        ensemble=ensemble, kind="concert", title="Winter concert", date=D(2026, 12, 12),
        starts_at=datetime.time(19), ends_at=datetime.time(21), venue="Brindleton Town Hall",
    )  # fmt: skip
    join(child, ensemble)
    body = _feed(client, ensemble)  # not signed in
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 13
    first = events[0]
    assert first.decoded("DTSTART") == datetime.datetime(2026, 9, 5, 9, 30, tzinfo=LONDON)
    assert first.decoded("DTEND") == datetime.datetime(2026, 9, 5, 12, 0, tzinfo=LONDON)
    assert first["DTSTART"].to_ical() == b"20260905T083000Z"  # 09:30 in London (summer time), in UTC
    assert str(first["SUMMARY"]) == "Brindleton Junior Strings: Rehearsal"
    assert str(first["LOCATION"]) == "Hatherley Music Centre"
    assert "DTSTAMP" in first
    concert = [event for event in events if "Winter concert" in str(event["SUMMARY"])]
    assert [str(event["LOCATION"]) for event in concert] == ["Brindleton Town Hall"]
    winter = [event for event in events if event.decoded("DTSTART").date() == D(2026, 12, 12)]
    assert [event["DTSTART"].to_ical() for event in winter] == [b"20261212T093000Z", b"20261212T190000Z"]
    assert b"Amira" not in body and child.last_name.encode() not in body
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == 13
    again = icalendar.Calendar.from_ical(_feed(client, ensemble))
    assert [str(event["UID"]) for event in again.walk("VEVENT")] == uids


def test_an_inactive_or_unknown_ensembles_feed_answers_404(client, year):
    hidden = EnsembleFactory(is_active=False)
    assert client.get(reverse("ensembles:ensemble-feed", args=[hidden.public_id])).status_code == 404
    assert client.get(reverse("ensembles:ensemble-feed", args=[uuid.uuid4()])).status_code == 404


def test_an_ensembles_feed_for_a_year_runs_a_fixed_number_of_queries(
    client, year, autumn, hub_admin, monkeypatch, django_assert_num_queries
):
    pin_today(monkeypatch, D(2026, 9, 1))
    ensemble = EnsembleFactory()
    RehearsalFactory(ensemble=ensemble, date=D(2026, 9, 5))
    with django_assert_num_queries(2):
        _feed(client, ensemble)
    for term in year.terms.all():
        generate_rehearsals(ensemble=ensemble, term=term, by=hub_admin)
    with django_assert_num_queries(2):
        body = _feed(client, ensemble)
    assert body.count(b"BEGIN:VEVENT") > 30


def test_an_ensembles_feed_keeps_its_address_when_the_ensemble_is_renamed(
    client, year, hub_admin, monkeypatch
):
    pin_today(monkeypatch, D(2026, 9, 1))
    ensemble = EnsembleFactory(name="Brindleton Strings")
    RehearsalFactory(ensemble=ensemble)
    before = reverse("ensembles:ensemble-feed", args=[ensemble.public_id])
    ensemble.name, ensemble.slug = "Brindleton Youth Strings", "brindleton-youth-strings"
    ensemble.save()
    assert reverse("ensembles:ensemble-feed", args=[ensemble.public_id]) == before
    assert b"Brindleton Youth Strings: Rehearsal" in _feed(client, ensemble)


OLD_SCHEDULE_ROWS = """{% for item in dates %}
      <tr>
        <th scope="row" class="text-nowrap">{{ item.date|date:"D j M Y" }}</th>
        <td class="text-nowrap">{{ item.starts_at|time:"H:i" }} to {{ item.ends_at|time:"H:i" }}</td>
        <td>{{ item.name }}{% if item.cancelled %} <span class="badge text-bg-warning">Called off</span>{% endif %}</td>
        <td>{{ item.venue }}</td>
        <td class="text-nowrap">{% if item.cancelled %}<form method="post" action="{% url 'ensembles:rehearsal-cancel' item.public_id %}" class="d-inline">{% csrf_token %}<input type="hidden" name="reinstate" value="1"><button type="submit" class="btn btn-link p-0">Put back on<span class="visually-hidden"> {{ item.name }} on {{ item.date|date:"j F" }}</span></button></form>{% else %}<a href="{% url 'ensembles:rehearsal-cancel' item.public_id %}">Call off<span class="visually-hidden"> {{ item.name }} on {{ item.date|date:"j F" }}</span></a>{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501 - the template loop the schedule's rows were written by


def test_the_schedules_rows_are_written_as_the_template_loop_wrote_them_called_off_or_not(db):
    ensemble = EnsembleFactory(venue="Hall & <Annexe>")
    RehearsalFactory(ensemble=ensemble, date=D(2026, 9, 5))
    RehearsalFactory(ensemble=ensemble, date=D(2027, 1, 30), cancelled=True)
    RehearsalFactory(
        ensemble=ensemble, date=D(2026, 12, 13), kind="concert", title='"Gala" & <Carols>', cancelled=True
    )
    dates = list(Rehearsal.objects.filter(ensemble=ensemble).order_by("date"))
    context = {"dates": dates, "csrf_token": "a-token"}
    old = Template(OLD_SCHEDULE_ROWS).render(Context(context))
    new = Template("{% load ensemble_tables %}{% schedule_rows dates %}").render(Context(context))
    assert re.sub(r">\s+<", "><", new).strip() == re.sub(r">\s+<", "><", old).strip()
    assert new.count('value="a-token"') == 2 and "Sat 5 Sep 2026" in new and "on 13 December" in new
