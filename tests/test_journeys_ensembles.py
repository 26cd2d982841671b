"""Browser journeys of ensembles: a visitor who has not signed in follows the landing page's link, narrows the
listing by a child's age and instrument, and opens the ensemble's page; the hub admin adds an ensemble (after
an error) with its leader, and gives it a section; a parent applies for a child and books an audition, and the
leader accepts the child, who appears on the roll. axe checks every page."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ensembles.models import Ensemble, Level, Membership
from tests import factories
from tests.conftest import sign_in
from tests.ensemble_factories import (
    AuditionSlotFactory,
    EnsembleFactory,
    EnsembleFeeFactory,
    MembershipFactory,
    SectionFactory,
    instrument,
)
from tests.error_pattern import check_error_pattern
from tests.tuition_factories import academic_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_an_ensemble_by_age_and_instrument_and_opens_its_page(page, live_server, accessible):
    year = academic_year(2026)
    area = factories.AreaFactory(name="Brindleton North", slug="brindleton-north")
    violin, trumpet = instrument("Violin"), instrument("Trumpet", "brass")
    strings = EnsembleFactory(
        name="Brindleton Junior Strings", slug="brindleton-junior-strings", area=area, min_age=7, max_age=11,
        venue="Hatherley Music Centre", description="Friendly string playing for beginners.",
    )  # fmt: skip
    SectionFactory(ensemble=strings, name="Violins", instrument_types=[violin])
    EnsembleFeeFactory(ensemble=strings, academic_year=year, termly_fee=Decimal("38.50"))
    older = EnsembleFactory(
        name="County Youth Strings", level=Level.COUNTY, area=None, min_age=12, max_age=18
    )
    SectionFactory(ensemble=older, name="Violins", instrument_types=[violin])
    band = EnsembleFactory(name="Brindleton Brass", area=area, min_age=7, max_age=11)
    SectionFactory(ensemble=band, name="Trumpets", instrument_types=[trumpet])

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Find an ensemble").click()
    expect(page.get_by_role("heading", name="Find an ensemble", level=1)).to_be_visible()
    expect(page.get_by_text("3 ensembles.")).to_be_visible()

    page.get_by_label("Child's age").fill("9")
    page.get_by_label("Instrument").select_option(label="Violin")
    page.get_by_role("button", name="Find ensembles").click()
    expect(page.get_by_text("1 ensemble found.")).to_be_visible()
    listed = page.get_by_role("list", name="Ensembles").get_by_role("listitem")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Saturdays, 09:30 to 12:00, Hatherley Music Centre")
    expect(listed).to_contain_text("£38.50")
    expect(page.get_by_label("Child's age")).to_have_value("9")
    accessible(page, "filtered")

    listed.get_by_role("link", name="Brindleton Junior Strings").click()
    expect(page.get_by_role("heading", name="Brindleton Junior Strings", level=1)).to_be_visible()
    expect(page.get_by_text("Friendly string playing for beginners.")).to_be_visible()
    expect(page.get_by_text("Violins: Violin")).to_be_visible()


def test_the_hub_admin_adds_an_ensemble_after_an_age_range_out_of_order_and_gives_it_a_section(
    page, live_server, hub_admin, ensemble_leader
):
    factories.AreaFactory(name="Ashby and District", slug="ashby-and-district")
    instrument("Violin")
    instrument("Cello")
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ensembles").click()
    expect(page.get_by_role("heading", name="Ensembles", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Ensembles").get_by_role("link", name="Add an ensemble").click()
    page.get_by_label("Name").fill("Ashby Junior Strings")
    page.get_by_label("Area").select_option(label="Ashby and District")
    page.get_by_label("Youngest age").fill("12")
    page.get_by_label("Oldest age").fill("9")
    page.get_by_label("Lowest grade").fill("0")
    page.get_by_label("Highest grade").fill("3")
    page.get_by_label("Capacity").fill("40")
    page.get_by_label("Venue").fill("Ashby-le-Moor Music Centre")
    page.get_by_label("Rehearsal day").select_option(label="Saturday")
    page.get_by_label("Rehearsal starts").fill("09:30")
    page.get_by_label("Rehearsal ends").fill("11:00")
    page.get_by_label(ensemble_leader.get_full_name()).check()
    page.get_by_role("button", name="Add the ensemble").click()
    check_error_pattern(page, ["The youngest age cannot be above the oldest age."])
    page.get_by_label("Youngest age").fill("7")
    page.get_by_label("Oldest age").fill("11")
    page.get_by_role("button", name="Add the ensemble").click()
    expect(page.get_by_text("Ashby Junior Strings has been added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ashby Junior Strings", level=1)).to_be_visible()

    page.get_by_role("link", name="Add a section").click()
    page.get_by_label("Name").fill("Cellos")
    page.get_by_label("Cello").check()
    page.get_by_label("Target number of players").fill("6")
    page.get_by_role("button", name="Add the section").click()
    expect(page.get_by_text("The Cellos section has been added to Ashby Junior Strings.")).to_be_visible()
    row = page.get_by_role("table", name="The sections of Ashby Junior Strings, by name").get_by_role("row")
    expect(row.filter(has_text="Cellos")).to_contain_text("Cello")
    ensemble = Ensemble.objects.get()
    assert list(ensemble.leaders.all()) == [ensemble_leader]
    assert ensemble.sections.get().target == 6


def test_a_parent_applies_and_books_an_audition_and_the_leader_accepts_the_child_onto_the_roll(
    page, live_server, accessible, mailoutbox, guardian, child, ensemble_leader, year
):
    strings = EnsembleFactory(
        name="Brindleton Junior Strings", slug="brindleton-junior-strings", min_age=7, max_age=11,
        min_grade=0, max_grade=4, leaders=[ensemble_leader],
    )  # fmt: skip
    SectionFactory(ensemble=strings, name="Violins", instrument_types=[instrument("Violin")], target=12)
    AuditionSlotFactory(
        ensemble=strings, date=datetime.date.today() + datetime.timedelta(days=10),
        starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 15), place="Room 4, Hatherley Music Centre",
    )  # fmt: skip

    # (1) The parent finds the ensemble, applies for Amira (a grade too high for it first), and books.
    sign_in(page, live_server, guardian.user.email)
    page.goto(f"{live_server.url}/ensembles/")
    listed = page.get_by_role("list", name="Ensembles")
    listed.get_by_role("link", name="Brindleton Junior Strings", exact=True).click()
    page.get_by_role("link", name="Apply to Brindleton Junior Strings").click()
    expect(page.get_by_role("heading", name="Apply to Brindleton Junior Strings", level=1)).to_be_visible()
    page.get_by_label("Child").select_option(label=child.full_name)
    page.get_by_label("Instrument").select_option(label="Violin")
    page.get_by_label("Grade").fill("6")
    page.get_by_label("Playing experience (optional)").fill("Two years, and the school orchestra.")
    page.get_by_label("Current teacher (optional)").fill("Ms Hale")
    page.get_by_role("button", name="Send the application").click()
    check_error_pattern(page, ["Brindleton Junior Strings is for grades 0 to 4: you gave grade 6."])
    page.get_by_label("Grade").fill("3")
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("status")).to_contain_text("Next, book an audition.")
    expect(page.get_by_text("Waiting for a decision")).to_be_visible()
    accessible(page, "application")
    page.get_by_label(re.compile("Room 4, Hatherley Music Centre")).check()
    page.get_by_role("button", name="Book the audition").click()
    expect(page.get_by_role("status")).to_contain_text("Amira's audition is booked")
    page.goto(f"{live_server.url}/family/")
    expect(
        page.get_by_text(re.compile("Audition booked: .*, Room 4, Hatherley Music Centre"))
    ).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # (2) The leader sees it to decide on their home page, accepts Amira into the violins, and sees the roll.
    sign_in(page, live_server, ensemble_leader.email, totp=True)
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name=child.full_name).click()
    expect(
        page.get_by_role("heading", name=f"{child.full_name}'s application to Brindleton Junior Strings")
    ).to_be_visible()
    page.get_by_label("Accept: offer a place in a section").check()
    page.get_by_role("button", name="Record the outcome").click()
    check_error_pattern(page, ["Choose the section the child joins."])
    page.get_by_label("Accept: offer a place in a section").check()
    page.get_by_label("Section (for a place)").select_option(label="Violins")
    page.get_by_label("Note to the family (optional)").fill("Welcome! Bring a music stand.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"{child.full_name}: accepted. The family has been e-mailed."
    )
    filling = page.get_by_role(
        "table", name="Members of each section of Brindleton Junior Strings against its target"
    )
    expect(filling.get_by_role("row", name="Violins 1 12")).to_be_visible()
    page.get_by_role("navigation", name="Brindleton Junior Strings").get_by_role("link", name="Roll").click()
    expect(page.get_by_role("heading", name="Violins: 1 of 12")).to_be_visible()
    expect(page.get_by_role("table", name="Members of the Violins section, by name")).to_contain_text(
        child.full_name
    )
    assert Membership.objects.get().payer == guardian
    assert any("A place for Amira in Brindleton Junior Strings" in mail.subject for mail in mailoutbox)


def test_the_leader_publishes_an_audition_records_a_leaver_and_rolls_the_members_over(
    page, live_server, ensemble_leader, guardian, year
):
    academic_year(2027)
    strings = EnsembleFactory(
        name="Brindleton Junior Strings", slug="brindleton-junior-strings", min_age=7, max_age=11,
        leaders=[ensemble_leader],
    )  # fmt: skip
    violins = SectionFactory(
        ensemble=strings, name="Violins", instrument_types=[instrument("Violin")], target=12
    )
    staying = factories.PupilFactory(
        first_name="Priya", last_name="Shah", date_of_birth=datetime.date(2017, 5, 1)
    )
    leaving = factories.PupilFactory(
        first_name="Tom", last_name="Reed", date_of_birth=datetime.date(2017, 6, 1)
    )
    ageing = factories.PupilFactory(
        first_name="Zara", last_name="Khan", date_of_birth=datetime.date(2015, 6, 1)
    )
    for pupil in (staying, leaving, ageing):
        pupil.guardians.add(guardian)
        MembershipFactory(section=violins, pupil=pupil, payer=guardian)

    sign_in(page, live_server, ensemble_leader.email, totp=True)
    page.goto(f"{live_server.url}/staff/ensembles/brindleton-junior-strings/")
    ensemble_nav = page.get_by_role("navigation", name="Brindleton Junior Strings")
    ensemble_nav.get_by_role("link", name="Auditions").click()
    day = datetime.date.today() + datetime.timedelta(days=12)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts").fill("10:30")
    page.get_by_label("Ends").fill("10:00")
    page.get_by_label("Place").fill("Room 4, Hatherley Music Centre")
    page.get_by_role("button", name="Publish the audition").click()
    check_error_pattern(page, ["An audition must end after it starts."])
    page.get_by_label("Ends").fill("10:45")
    page.get_by_role("button", name="Publish the audition").click()
    expect(page.get_by_role("status")).to_contain_text("has been published")
    slots = page.get_by_role("table", name="Audition times for Brindleton Junior Strings, the soonest first")
    expect(slots).to_contain_text("Room 4, Hatherley Music Centre")

    ensemble_nav.get_by_role("link", name="Roll").click()
    expect(page.get_by_role("heading", name="Violins: 3 of 12")).to_be_visible()
    page.get_by_role("link", name="Record leaving for Tom Reed").click()
    page.get_by_role("button", name="Record leaving").click()
    check_error_pattern(page, ["Give the reason for leaving."])
    page.get_by_label("Reason for leaving").fill("Moved to Leeds")
    page.get_by_role("button", name="Record leaving").click()
    expect(page.get_by_role("status")).to_contain_text("Tom Reed has left Brindleton Junior Strings.")
    expect(page.get_by_role("heading", name="Violins: 2 of 12")).to_be_visible()

    page.get_by_role("link", name="Roll the members over into next year").click()
    page.get_by_role("button", name="Roll over into next year").click()
    expect(page.get_by_text("1 member copied into 2027/28")).to_be_visible()
    expect(page.get_by_text("Tom Reed: left on")).to_be_visible()
    expect(page.get_by_text("Zara Khan: 12 on 01/09/2027, over the oldest age (11)")).to_be_visible()
    page.get_by_role("link", name="See the roll for 2027/28").click()
    expect(page.get_by_role("table", name="Members of the Violins section, by name")).to_contain_text(
        "Priya Shah"
    )
