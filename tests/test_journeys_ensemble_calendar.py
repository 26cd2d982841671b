"""Browser journeys of ensembles' calendars: a leader fills a term with rehearsals from the calendar and adds
a concert (after an error, the error pattern checked); a parent makes the family's calendar link, the feed
fetched from it parses with icalendar and holds the rehearsals, and stopping the link makes it answer 404.
axe checks every page."""

import datetime

import icalendar
import pytest
from playwright.sync_api import expect

from ensembles.models import Rehearsal
from ensembles.services.schedule import generate_rehearsals
from hub.models import TermBreak
from tests.conftest import sign_in
from tests.ensemble_factories import EnsembleFactory, join
from tests.error_pattern import check_error_pattern
from tests.tuition_factories import academic_year, pin_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 11, 23)


def test_a_leader_fills_the_term_with_rehearsals_and_adds_a_concert(
    page, live_server, ensemble_leader, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2026, 9, 1))
    year = academic_year(2026)
    autumn = year.terms.get(kind="autumn")
    TermBreak.objects.create(
        term=autumn, starts_on=datetime.date(2026, 10, 24), ends_on=datetime.date(2026, 11, 1)
    )
    EnsembleFactory(name="Ashby Junior Strings", leaders=[ensemble_leader], venue="Ashby Music Centre")
    sign_in(page, live_server, ensemble_leader.email, totp=True)
    page.goto(f"{live_server.url}/staff/ensembles/")
    page.get_by_role("link", name="Ashby Junior Strings").click()
    page.get_by_role("link", name="Rehearsals, events and concerts").click()
    expect(page.get_by_role("heading", name="Schedule of Ashby Junior Strings", level=1)).to_be_visible()
    expect(page.get_by_text("No dates yet")).to_be_visible()
    page.get_by_role("combobox", name="Term").select_option(label="Autumn term 2026/27")
    page.get_by_role("button", name="Add the term's rehearsals").click()
    expect(page.get_by_text("13 rehearsals added for the autumn term.")).to_be_visible()
    dates = page.get_by_role("table", name="The dates of Ashby Junior Strings in the term, in order")
    expect(dates.get_by_role("row")).to_have_count(14)
    expect(dates).to_contain_text("Sat 5 Sep 2026")
    expect(dates).not_to_contain_text("Sat 31 Oct 2026")

    page.get_by_role("link", name="Add an event or concert").click()
    page.get_by_label("Concert").check()
    page.get_by_label("Title").fill("Winter concert")
    page.get_by_label("Date").fill("2026-12-12")
    page.get_by_label("Starts").fill("19:00")
    page.get_by_label("Ends").fill("18:00")
    page.get_by_label("Venue").fill("Ashby Town Hall")
    page.get_by_role("button", name="Add it to the schedule").click()
    check_error_pattern(page, ["It must end after it starts."])
    assert not Rehearsal.objects.filter(kind="concert").exists()
    page.get_by_label("Ends").fill("21:00")
    page.get_by_role("button", name="Add it to the schedule").click()
    expect(page.get_by_text("Winter concert on 12/12/2026 has been added.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Winter concert")
    expect(row).to_contain_text("19:00 to 21:00")
    expect(row).to_contain_text("Ashby Town Hall")


def test_a_parent_subscribes_to_the_family_calendar_and_stops_the_link(
    page, live_server, guardian, child, hub_admin, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    year = academic_year(2026)
    orchestra = EnsembleFactory(name="Brindleton Youth Orchestra", venue="Hatherley Music Centre")
    for term in year.terms.all():
        generate_rehearsals(ensemble=orchestra, term=term, by=hub_admin)
    join(child, orchestra)

    sign_in(page, live_server, guardian.user.email)
    expect(page.get_by_role("heading", name="My family", level=1)).to_be_visible()
    card = page.get_by_role("article").filter(has_text=child.full_name)
    expect(card.get_by_role("heading", name="Next rehearsals")).to_be_visible()
    expect(card).to_contain_text(
        "Sat 28 Nov, 09:30 to 12:00: Brindleton Youth Orchestra at Hatherley Music Centre"
    )
    page.get_by_role("link", name="Make your calendar link").click()
    expect(page.get_by_role("heading", name="Your calendar link", level=1)).to_be_visible()
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_text("Your calendar link is ready.")).to_be_visible()

    address = page.get_by_label("Your private calendar link").input_value()
    assert address.startswith(f"{live_server.url}/calendar/") and address.endswith(".ics")
    webcal = page.get_by_role("link", name="Add to my calendar").get_attribute("href")
    assert webcal == "webcal://" + address.split("://", 1)[1]
    # A phone's calendar fetches the feed without signing in.
    feed = page.context.browser.new_context().request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    starts = [event.decoded("DTSTART").date() for event in events]
    assert datetime.date(2026, 11, 28) in starts and datetime.date(2027, 7, 17) in starts
    assert {str(event["SUMMARY"]) for event in events} == {"Amira: Brindleton Youth Orchestra: Rehearsal"}
    assert {str(event["LOCATION"]) for event in events} == {"Hatherley Music Centre"}

    page.get_by_role("link", name="Stop this link").click()
    expect(page.get_by_role("heading", name="Stop your calendar link", level=1)).to_be_visible()
    page.get_by_role("button", name="Stop the link").click()
    expect(page.get_by_text("Your calendar link has been stopped.")).to_be_visible()
    expect(page.get_by_role("button", name="Make my calendar link")).to_be_visible()
    assert page.context.browser.new_context().request.get(address).status == 404
