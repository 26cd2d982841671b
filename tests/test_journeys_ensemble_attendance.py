"""Browser journeys of ensembles' attendance: a leader takes a rehearsal's register on a phone, from their
home page in one tap, one tap per member (rows swapped in place by htmx); a parent reports an absence from
the family's home and the leader sees it on the next register, pre-marked excused. axe checks every page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ensembles.models import AbsenceReport, EnsembleAttendance
from tests import factories
from tests.a11y import PHONE
from tests.conftest import sign_in
from tests.ensemble_factories import EnsembleFactory, RehearsalFactory, SectionFactory, join
from tests.tuition_factories import academic_year, pin_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 10, 3)  # a Saturday
MEMBERS = [("Amira", "Khan", "Violins"), ("Ben", "Lowe", "Violins"), ("Cara", "Moss", "Cellos")]


def test_a_leader_takes_the_register_on_a_phone_one_tap_per_member(
    page, live_server, accessible, ensemble_leader, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    academic_year(2026)
    strings = EnsembleFactory(name="Ashby Junior Strings", leaders=[ensemble_leader])
    sections = {name: SectionFactory(ensemble=strings, name=name) for name in ("Violins", "Cellos")}
    for first, last, section in MEMBERS:
        pupil = factories.PupilFactory(
            first_name=first, last_name=last, guardians=[factories.GuardianFactory()]
        )
        membership = join(pupil, strings)
        membership.section = sections[section]
        membership.save()
    RehearsalFactory(ensemble=strings, date=TODAY)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, ensemble_leader.email, totp=True)

    page.get_by_role("link", name="Take the register: Ashby Junior Strings, Saturday 3 October").click()
    expect(page.get_by_role("heading", name="Register for Saturday 3 October 2026", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Cellos", level=2)).to_be_visible()
    expect(page.get_by_text("3 members: 0 attending, 3 not marked yet.")).to_be_visible()
    accessible(page, "register")

    rows = {
        first: page.get_by_role("listitem").filter(has_text=f"{first} {last}") for first, last, _ in MEMBERS
    }
    # A mark of the page's own: a full page load (a plain form post) would wipe it, an htmx swap keeps it.
    page.evaluate("document.body.dataset.sameLoad = 'yes'")
    rows["Amira"].get_by_role("button", name="Present").click()
    expect(rows["Amira"]).to_contain_text("Marked: Present")
    expect(rows["Amira"].get_by_role("button", name="Present")).to_have_attribute("aria-pressed", "true")
    rows["Cara"].get_by_role("button", name="Present").click()
    expect(rows["Cara"]).to_contain_text("Marked: Present")
    # Another mark is one more tap: open "Other", choose it.
    rows["Ben"].locator("summary", has_text="Other").click()
    rows["Ben"].get_by_role("button", name=re.compile(r"^Late\s*:")).click()
    expect(rows["Ben"]).to_contain_text("Marked: Late")
    assert page.evaluate("document.body.dataset.sameLoad") == "yes", "marking swaps the row in place"
    accessible(page, "marked")

    page.reload()
    expect(page.get_by_text("3 members: 3 attending, 0 not marked yet.")).to_be_visible()
    # "Other" is closed again after a load: its pressed button is there, hidden until it is opened.
    expect(rows["Ben"].locator("button[value=late]")).to_have_attribute("aria-pressed", "true")
    marks = dict(EnsembleAttendance.objects.values_list("membership__pupil__first_name", "mark"))
    assert marks == {"Amira": "present", "Ben": "late", "Cara": "present"}

    # The ensemble's page: its attendance this year, every member at 100% so far, none flagged.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Ashby Junior Strings").click()
    expect(page.get_by_text("No member is below 75% so far.")).to_be_visible()
    page.get_by_role("link", name="Every member's attendance this year").click()
    expect(
        page.get_by_role("heading", name="Attendance at Ashby Junior Strings in 2026/27", level=1)
    ).to_be_visible()
    table = page.get_by_role("table", name="Attendance of each member of Ashby Junior Strings, by section")
    expect(table.get_by_role("row").filter(has_text="Ben Lowe")).to_contain_text("100%")
    expect(page.get_by_role("link", name="Sat 3 Oct 2026: Rehearsal")).to_be_visible()


def test_a_parent_reports_an_absence_and_it_shows_on_the_next_register(
    page, live_server, accessible, guardian, child, ensemble_leader, monkeypatch
):
    pin_today(monkeypatch, TODAY)
    academic_year(2026)
    orchestra = EnsembleFactory(name="Brindleton Youth Orchestra", leaders=[ensemble_leader])
    SectionFactory(ensemble=orchestra, name="Violins")
    join(child, orchestra)
    RehearsalFactory(ensemble=orchestra, date=datetime.date(2026, 9, 26))
    RehearsalFactory(ensemble=orchestra, date=datetime.date(2026, 10, 10))

    sign_in(page, live_server, guardian.user.email)
    card = page.get_by_role("article").filter(has_text=child.full_name)
    card.get_by_role("link", name="Report an absence for Amira").click()
    expect(page.get_by_role("heading", name="Amira's rehearsals", level=1)).to_be_visible()
    accessible(page, "dates")
    page.get_by_role("link", name="Report an absence on Saturday 10 October").click()
    expect(page.get_by_role("heading", name="Report Amira's absence", level=1)).to_be_visible()
    page.get_by_label("Reason for the absence").fill("A school trip to the coast")
    page.get_by_role("button", name="Report the absence").click()
    expect(
        page.get_by_text("Amira's absence from rehearsal on Saturday 10/10/2026 is reported")
    ).to_be_visible()
    expect(page.get_by_text("Absence reported: A school trip to the coast")).to_be_visible()
    accessible(page, "reported")
    assert AbsenceReport.objects.get().reason == "A school trip to the coast"

    page.context.clear_cookies()
    sign_in(page, live_server, ensemble_leader.email, totp=True)
    page.get_by_role(
        "link", name="Take the register: Brindleton Youth Orchestra, Saturday 10 October"
    ).click()
    row = page.get_by_role("listitem").filter(has_text=child.full_name)
    expect(row).to_contain_text("Absence reported: A school trip to the coast")
    expect(row).to_contain_text("Marked: Excused (from the family's report)")
    expect(page.get_by_text("This date is still to come")).to_be_visible()
    accessible(page, "register")
