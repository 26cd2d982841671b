"""A family's private calendar link: made on request, shown with a webcal:// button, stopped with a
confirmation (its URL then answers 404, as an unknown one does), and its feed, read without signing in,
holds every child's ensemble rehearsals (while a member) and lessons, in a fixed number of queries. The
family's home shows each child's next three rehearsals and the link."""

import datetime

import icalendar
import pytest
from django.db import IntegrityError
from django.urls import reverse

from ensembles.services.schedule import generate_rehearsals
from hub.calendar_feeds import events_for_pupils, registered
from hub.calendar_links import make_link
from hub.models import FamilyCalendarLink
from tests import factories
from tests.ensemble_factories import EnsembleFactory, RehearsalFactory, join
from tests.tuition_factories import TeachingSlotFactory, enrol, pin_today

D = datetime.date
TODAY = D(2026, 11, 23)  # a Monday in the autumn term


@pytest.fixture
def family(year, guardian, child, school, hub_admin, monkeypatch):
    """Amira plays in the Saturday orchestra; her brother Sam has violin lessons on Tuesdays."""
    pin_today(monkeypatch, TODAY)
    orchestra = EnsembleFactory(name="Brindleton Youth Orchestra", venue="Hatherley Music Centre")
    for term in year.terms.all():
        generate_rehearsals(ensemble=orchestra, term=term, by=hub_admin)
    join(child, orchestra)
    sam = factories.PupilFactory(first_name="Sam", school=school, guardians=[guardian])
    slot = TeachingSlotFactory(weekday=1, starts_at=datetime.time(13), ends_at=datetime.time(13, 30))
    enrol(sam, slot, starts_on=D(2026, 9, 8))
    return {"orchestra": orchestra, "sam": sam, "slot": slot}


def _feed(client, token: str):
    response = client.get(reverse("hub:family-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_tuition_and_ensembles_register_their_dates_with_the_feeds():
    assert {"tuition", "ensembles"} <= set(registered())


def test_the_family_feed_holds_each_childs_rehearsals_and_lessons_without_signing_in(
    client, family, guardian, other_child, hub_admin
):
    # Another family's child in the same orchestra, and another ensemble: neither is in this feed.
    join(other_child, family["orchestra"])
    RehearsalFactory(ensemble=EnsembleFactory(name="Other Band"), date=D(2026, 11, 28))
    token = make_link(guardian=guardian, by=guardian.user).token
    events = _feed(client, token)
    summaries = [str(event["SUMMARY"]) for event in events]
    rehearsals = [s for s in summaries if s == "Amira: Brindleton Youth Orchestra: Rehearsal"]
    lessons = [s for s in summaries if s == "Sam's violin lesson"]
    assert len(rehearsals) + len(lessons) == len(events)
    # From 24 October 2026 (a month back) to the end of the year's summer term: Saturdays and Tuesdays.
    first = next(e for e in events if "Rehearsal" in str(e["SUMMARY"]))
    assert first.decoded("DTSTART").date() == D(2026, 10, 24)
    assert str(first["LOCATION"]) == "Hatherley Music Centre"
    assert len(rehearsals) > 25 and len(lessons) > 25
    lesson = next(e for e in events if "lesson" in str(e["SUMMARY"]))
    assert lesson.decoded("DTSTART").weekday() == 1 and lesson.decoded("DTSTART").hour == 13
    assert str(lesson["LOCATION"]) == family["slot"].school.name
    assert "Ben" not in " ".join(summaries) and "Other Band" not in " ".join(summaries)
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert [str(event["UID"]) for event in _feed(client, token)] == uids  # the same next time


def test_a_child_who_left_has_no_rehearsals_after_leaving(family, child):
    membership = child.ensemble_memberships.get()
    membership.left_on, membership.leave_reason = D(2026, 12, 1), "Moving away"
    membership.save()
    dates = [e.date for e in events_for_pupils([child.pk], D(2026, 9, 1), D(2027, 8, 31))]
    assert dates and max(dates) == D(2026, 11, 28)


def test_a_stopped_or_unknown_link_answers_404(client, family, guardian):
    link = make_link(guardian=guardian, by=guardian.user)
    client.force_login(guardian.user)
    client.post(reverse("hub:family-calendar-stop"))
    client.logout()
    assert client.get(reverse("hub:family-feed", args=[link.token])).status_code == 404
    assert client.get(reverse("hub:family-feed", args=["not-a-token-anyone-has"])).status_code == 404


def test_stopping_asks_first_and_a_new_link_has_a_new_token(client, family, guardian):
    client.force_login(guardian.user)
    page = client.get(reverse("hub:family-calendar")).content.decode()
    assert "Make my calendar link" in page and not FamilyCalendarLink.objects.exists()
    client.post(reverse("hub:family-calendar-new"))
    old = FamilyCalendarLink.objects.get()
    assert len(old.token) >= 40
    page = client.get(reverse("hub:family-calendar")).content.decode()
    assert (
        f"/calendar/{old.token}.ics" in page
        and f'href="webcal://testserver/calendar/{old.token}.ics"' in page
    )
    assert "Stop this link" in page
    # Asking to stop shows a confirmation and stops nothing.
    assert "Stop the link" in client.get(reverse("hub:family-calendar-stop")).content.decode()
    old.refresh_from_db()
    assert old.revoked_at is None
    client.post(reverse("hub:family-calendar-stop"))
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert "Make my calendar link" in client.get(reverse("hub:family-calendar")).content.decode()
    client.post(reverse("hub:family-calendar-new"))
    new = FamilyCalendarLink.objects.get(revoked_at=None)
    assert new.token != old.token
    assert client.get(reverse("hub:family-feed", args=[new.token])).status_code == 200
    assert client.get(reverse("hub:family-feed", args=[old.token])).status_code == 404


def test_making_a_link_twice_keeps_the_one_and_the_database_refuses_a_second_live_one(guardian):
    link = make_link(guardian=guardian, by=guardian.user)
    assert make_link(guardian=guardian, by=guardian.user) == link
    with pytest.raises(IntegrityError):
        FamilyCalendarLink.objects.create(guardian=guardian, token="another")


def test_a_family_feed_for_a_year_runs_a_fixed_number_of_queries(
    client, family, guardian, school, year, hub_admin, django_assert_num_queries
):
    token = make_link(guardian=guardian, by=guardian.user).token
    with django_assert_num_queries(7):
        few = len(_feed(client, token))
    # Two more children: one in two more ensembles, one with lessons in two slots.
    band = EnsembleFactory(rehearsal_weekday=2)
    choir = EnsembleFactory(rehearsal_weekday=4)
    for term in year.terms.all():
        generate_rehearsals(ensemble=band, term=term, by=hub_admin)
        generate_rehearsals(ensemble=choir, term=term, by=hub_admin)
    zara = factories.PupilFactory(first_name="Zara", school=school, guardians=[guardian])
    join(zara, band)
    join(zara, choir)
    leo = factories.PupilFactory(first_name="Leo", school=school, guardians=[guardian])
    enrol(leo, TeachingSlotFactory(weekday=3), starts_on=D(2026, 9, 3))
    with django_assert_num_queries(7):
        many = len(_feed(client, token))
    assert many > few * 2


def test_the_family_home_shows_each_childs_next_three_rehearsals_and_the_calendar_link(
    client, family, guardian, child
):
    client.force_login(guardian.user)
    html = client.get(reverse("hub:family-home")).content.decode()
    assert "Next rehearsals" in html
    for day in ("Sat 28 Nov", "Sat 5 Dec", "Sat 12 Dec"):
        assert f"{day}, 09:30 to 12:00: Brindleton Youth Orchestra at Hatherley Music Centre" in html
    assert "Sat 21 Nov" not in html and "Sat 9 Jan" not in html
    assert "Make your calendar link" in html
    make_link(guardian=guardian, by=guardian.user)
    assert "Your calendar link" in client.get(reverse("hub:family-home")).content.decode()


def test_a_called_off_rehearsal_is_not_among_the_next(client, family, guardian):
    family["orchestra"].rehearsals.filter(date=D(2026, 11, 28)).update(cancelled=True)
    client.force_login(guardian.user)
    html = client.get(reverse("hub:family-home")).content.decode()
    assert "Sat 28 Nov" not in html and "Sat 9 Jan" in html


def test_the_next_rehearsals_keep_to_the_days_of_each_childs_membership(
    client, family, guardian, school, child
):
    """Sam joins the orchestra from 5 December; Amira leaves it on 12 December: each sees only their own."""
    child.ensemble_memberships.update(left_on=D(2026, 12, 12), leave_reason="Moving away")
    join(family["sam"], family["orchestra"], joined_on=D(2026, 12, 5))
    client.force_login(guardian.user)
    html = client.get(reverse("hub:family-home")).content.decode()
    line = ", 09:30 to 12:00: Brindleton Youth Orchestra at Hatherley Music Centre"
    # Amira's two dates before she leaves; Sam's three from joining, after the holiday too.
    assert html.count(f"Sat 28 Nov{line}") == 1
    assert html.count(f"Sat 5 Dec{line}") == 2
    assert html.count(f"Sat 12 Dec{line}") == 1
    assert html.count(f"Sat 9 Jan{line}") == 1
