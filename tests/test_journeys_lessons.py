"""Browser journeys of lessons: a parent asks and waits, staff offer a place, the parent accepts it from
the e-mailed link and sees the lessons; and the same answer on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.a11y import PHONE
from tests.conftest import sign_in
from tests.error_pattern import expect_field_error
from tests.tuition_factories import RemissionAwardFactory, TeachingSlotFactory, enrol, tutor_profile
from tuition.models import Enrolment, LessonRequest
from tuition.services import offers, requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_weekday(weekday: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def full_slot(year, school, child):
    slot = TeachingSlotFactory(
        school=school,
        capacity=1,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(9, 30),
        tutor=tutor_profile(first_name="Ravi", last_name="Menon"),
    )
    enrol(factories.PupilFactory(school=school), slot, starts_on=datetime.date(2026, 9, 8))
    return slot


def _accept_link(mailoutbox) -> str:
    [mail] = [m for m in mailoutbox if "A place for Amira" in m.subject]
    return re.search(r"http://\S+/family/lessons/offers/\S+/#accept", mail.body).group(0)


def test_parent_waits_staff_offer_a_place_parent_accepts_from_the_email(
    page, live_server, mailoutbox, accessible, guardian, child, full_slot, hub_admin
):
    RemissionAwardFactory(pupil=child, category__name="Low income", category__percent=50)
    # (1) The parent asks for violin lessons; the only slot is full, so Amira waits.
    sign_in(page, live_server, guardian.user.email)
    expect(page.get_by_role("heading", name="My family")).to_be_visible()
    page.get_by_role("link", name="Ask for lessons for Amira").click()
    expect(page.get_by_role("heading", name="Lessons for Amira")).to_be_visible()
    expect(page.get_by_text("Remission: Low income: −£75.00")).to_be_visible()
    expect(page.get_by_text("You pay £75.00")).to_be_visible()
    accessible(page, "request")
    page.get_by_label("Instrument").select_option(label="Violin")
    page.get_by_label(f"{full_slot.lesson_type.name} (2026/27)").check()
    page.get_by_label("Level").select_option(label="Grade 1 to 2")
    page.get_by_label("Preferred start").fill("2027-01-05")
    page.get_by_role("button", name="Ask for lessons").click()
    terms = page.get_by_label("I accept the hub's terms for lessons")
    expect_field_error(page, terms, "Tick the box to accept the terms.")
    accessible(page, "request-error")
    terms.check()
    page.get_by_role("button", name="Ask for lessons").click()
    expect(page.get_by_text("Amira is on the waiting list for violin lessons.")).to_be_visible()
    expect(page.get_by_text("On the waiting list, position 1.")).to_be_visible()
    accessible(page, "waiting")
    page.get_by_role("button", name="Sign out").click()

    # (2) The hub adds a slot; a hub admin offers Amira its place from the waiting list.
    TeachingSlotFactory(
        school=full_slot.school,
        instrument=full_slot.instrument,
        lesson_type=full_slot.lesson_type,
        capacity=1,
        starts_at=datetime.time(15, 0),
        ends_at=datetime.time(15, 30),
        tutor=tutor_profile(first_name="Nia", last_name="Evans"),
    )
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.get_by_label("School").fill("Hillside")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name=child.full_name, exact=True)).to_be_visible()
    accessible(page, "waiting-lists")
    page.get_by_role("link", name=f"Offer a place to {child.full_name}").click()
    page.get_by_role("radio", name=re.compile("15:00.*Nia Evans")).check()
    starts_on = _next_weekday(full_slot.weekday)
    page.get_by_label("First lesson on").fill(starts_on.isoformat())
    accessible(page, "make-offer")
    page.get_by_role("button", name="Offer the place").click()
    expect(page.get_by_text(f"{child.full_name} has been offered a place")).to_be_visible()
    expect(page.get_by_text("Nobody is waiting.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # (3) The parent follows the e-mailed link, accepts, and sees the lessons.
    link = _accept_link(mailoutbox)
    sign_in(page, live_server, guardian.user.email)
    page.goto(link)
    expect(page.get_by_role("heading", name="A place for Amira in violin lessons")).to_be_visible()
    expect(page.get_by_text("Nia Evans")).to_be_visible()
    accessible(page, "offer")
    page.get_by_role("button", name="Accept the place").click()
    expect(
        page.get_by_text(f"Amira's place is booked: lessons start on {starts_on:%d/%m/%Y}.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Having lessons")).to_be_visible()
    expect(page.get_by_text("Violin: ")).to_contain_text("15:00")
    accessible(page, "enrolled")
    enrolment = Enrolment.objects.get(pupil=child)
    assert enrolment.payer == guardian and enrolment.starts_on == starts_on
    assert LessonRequest.objects.get(pupil=child).status == LessonRequest.Status.PLACED


def test_parent_accepts_an_offer_on_a_phone(
    page, live_server, mailoutbox, accessible, guardian, child, year, school
):
    page.set_viewport_size(PHONE)
    slot = TeachingSlotFactory(school=school, capacity=1)
    lesson_request = requests.request_lessons(
        pupil=child,
        instrument=slot.instrument,
        lesson_type=slot.lesson_type,
        level="beginner",
        preferred_start=None,
        by=guardian.user,
    )
    assert lesson_request.status == LessonRequest.Status.OFFERED
    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    accessible(page, "lessons")
    page.get_by_role("link", name="Answer the offer for Amira's violin lessons").click()
    accessible(page, "offer")
    page.get_by_role("button", name="Decline the place").click()
    expect(page.get_by_text("You have declined the place.")).to_be_visible()
    expect(page.get_by_text("Place declined")).to_be_visible()
    # The link in the e-mail still opens the offer, which says it was declined and offers no button.
    page.goto(_accept_link(mailoutbox))
    expect(page.get_by_text("Declined", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Accept the place")).to_have_count(0)
    accessible(page, "declined")
    assert offers.Offer.objects.get().status == "declined"
