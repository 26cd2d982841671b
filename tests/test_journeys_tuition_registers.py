"""Browser journeys of lessons' registers and setup: a tutor marks today's register on a phone, one tap
per pupil; the hub admin adds a slot that clashes with the tutor's timetable and is told so at the time."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.a11y import PHONE
from tests.conftest import sign_in
from tests.tuition_factories import (
    TeachingSlotFactory,
    enrol,
    group_lesson_type,
    slot_teaching_on,
    year_teaching_on,
)
from tuition.models import Attendance, Lesson, TeachingSlot
from tuition.schedule import lesson_dates
from tuition.services.registers import mark_attendance
from tuition.services.slots import TUTOR_CLASH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PUPILS = [("Amira", "Khan"), ("Ben", "Lowe"), ("Cara", "Moss")]


def test_a_tutor_marks_todays_register_on_a_phone_one_tap_per_pupil(page, live_server, accessible, tutor):
    today = timezone.localdate()
    slot = slot_teaching_on(today, tutor=tutor.staff_profile, starts_at=datetime.time(9, 0))
    term_start = slot.academic_year.terms.get(starts_on__lte=today, ends_on__gte=today).starts_on
    for first, last in PUPILS:
        enrol(factories.PupilFactory(first_name=first, last_name=last), slot, starts_on=term_start)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, tutor.email, totp=True)

    # Their home page is their week.
    expect(page.get_by_role("heading", name="Today,")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^09:00 Violin at"))).to_be_visible()
    expect(page.get_by_text("Your pupils (3)")).to_be_visible()
    accessible(page, "week")
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    accessible(page, "today")

    rows = {first: page.get_by_role("listitem").filter(has_text=f"{first} {last}") for first, last in PUPILS}
    # A mark of the page's own: a full page load (a plain form post) would wipe it, an htmx swap keeps it.
    page.evaluate("document.body.dataset.sameLoad = 'yes'")
    rows["Amira"].get_by_role("button", name="Present").click()
    expect(rows["Amira"]).to_contain_text("Marked: Present")
    rows["Ben"].get_by_role("button", name="Present").click()
    expect(rows["Ben"]).to_contain_text("Marked: Present")
    # Another mark is one more tap: open "Other", choose it.
    rows["Cara"].locator("summary", has_text="Other").click()
    rows["Cara"].get_by_role("button", name="Absent with notice").click()
    expect(rows["Cara"]).to_contain_text("Marked: Absent with notice")
    assert page.evaluate("document.body.dataset.sameLoad") == "yes", "marking swaps the row in place"
    # A second tap changes a mark.
    rows["Ben"].locator("summary", has_text="Other").click()
    rows["Ben"].get_by_role("button", name=re.compile(r"^Absent\s*:")).click()
    expect(rows["Ben"]).to_contain_text("Marked: Absent")
    accessible(page, "today-marked")

    page.reload()
    expect(rows["Amira"]).to_contain_text("Marked: Present")
    expect(rows["Ben"]).to_contain_text("Marked: Absent")
    expect(rows["Cara"]).to_contain_text("Marked: Absent with notice")
    expect(rows["Amira"].get_by_role("button", name="Present")).to_have_attribute("aria-pressed", "true")
    assert Lesson.objects.filter(slot=slot, date=today).count() == 1
    marks = dict(Attendance.objects.values_list("enrolment__pupil__first_name", "code"))
    assert marks == {"Amira": "present", "Ben": "absent", "Cara": "notice"}

    # A register left from last week, from the list of this term's registers.
    last_week = today - datetime.timedelta(days=7)
    page.get_by_role("link", name="This term's registers").click()
    expect(page.get_by_text("3 of 3 to mark").first).to_be_visible()
    accessible(page, "registers")
    page.get_by_role("link", name=re.compile(f"^{last_week:%a} {last_week.day} {last_week:%b},")).click()
    expect(
        page.get_by_role("heading", name=f"Register for {last_week:%A} {last_week.day} {last_week:%B %Y}")
    ).to_be_visible()
    rows["Amira"].get_by_role("button", name="Present").click()
    expect(rows["Amira"]).to_contain_text("Marked: Present")
    accessible(page, "register")
    assert Attendance.objects.filter(lesson__date=last_week).count() == 1


def test_the_hub_admin_adding_a_slot_that_clashes_sees_why_at_the_start_time(
    page, live_server, accessible, hub_admin, tutor
):
    year = year_teaching_on(timezone.localdate())
    lesson_type = group_lesson_type(academic_year=year)
    slot = TeachingSlotFactory(
        lesson_type=lesson_type,
        tutor=tutor.staff_profile,
        weekday=1,
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(10, 45),
        school__name="Hillside Primary School",
    )
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="Lesson types and fees").click()
    expect(page.get_by_role("heading", name=f"Lesson types and fees, {year}")).to_be_visible()
    page.get_by_role("link", name="Teaching slots").click()
    page.get_by_role("link", name=f"Add a slot to {year}").click()
    page.get_by_label("Tutor").select_option(label=tutor.get_full_name())
    page.get_by_label("School", exact=True).fill(f"{slot.school.name} ({slot.school.urn})")
    page.get_by_label("Instrument").select_option(label="Violin")
    page.get_by_label("Lesson type").select_option(label=str(lesson_type))
    page.get_by_label("Day").select_option(label="Tuesday")
    page.get_by_label("Starts at").fill("10:30")
    page.get_by_label("Ends at").fill("11:15")
    page.get_by_label("Places").fill("3")
    page.get_by_role("button", name="Save slot").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("link", name=TUTOR_CLASH)).to_be_visible()
    starts_at = page.get_by_label("Starts at")
    expect(starts_at).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_starts_at_error")).to_contain_text(TUTOR_CLASH)
    accessible(page, "slot-clash")
    assert TeachingSlot.objects.count() == 1

    starts_at.fill("10:45")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_role("button", name="Save slot").click()
    expect(page.get_by_role("heading", name=re.compile("Weekly timetable"))).to_be_visible()
    expect(page.get_by_text("10:45 to 11:30")).to_be_visible()
    accessible(page, "timetable")
    assert TeachingSlot.objects.count() == 2


def test_the_hub_admin_sets_a_fee_and_reads_an_enrolments_lessons_billed_against_delivered(
    page, live_server, accessible, hub_admin, tutor
):
    today = timezone.localdate()
    slot = slot_teaching_on(today, tutor=tutor.staff_profile, starts_at=datetime.time(9, 0))
    term = slot.academic_year.terms.get(starts_on__lte=today, ends_on__gte=today)
    enrolment = enrol(
        factories.PupilFactory(first_name="Amira", last_name="Khan"), slot, starts_on=term.starts_on
    )
    first_lesson = lesson_dates(slot, term)[0]
    mark_attendance(slot=slot, day=first_lesson, enrolment=enrolment, code="tutor", by=tutor)
    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="Lesson types and fees").click()
    page.get_by_role("link", name=f"Add a lesson type to {slot.academic_year}").click()
    page.get_by_label("Name").fill("Individual, 30 minutes")
    page.get_by_label("Kind of lesson").select_option(label="Individual")
    page.get_by_label("Smallest group").fill("1")
    page.get_by_label("Largest group").fill("2")
    page.get_by_label("Length in minutes").fill("30")
    page.get_by_label("Lessons guaranteed a term").fill("10")
    page.get_by_label("Lessons guaranteed a year").fill("30")
    page.get_by_label("Termly fee (£)").fill("150")
    page.get_by_role("button", name="Save lesson type").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Largest group")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_max_pupils_error")).to_contain_text("An individual lesson is for one pupil")
    accessible(page, "lesson-type-error")
    page.get_by_label("Largest group").fill("1")
    page.get_by_role("button", name="Save lesson type").click()
    expect(page.get_by_text("Individual, 30 minutes has been added")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Individual, 30 minutes"))
    expect(row).to_contain_text("£150.00")
    accessible(page, "lesson-types")

    page.get_by_role("link", name="Teaching slots").click()
    accessible(page, "slots")
    page.get_by_role("link", name=tutor.get_full_name()).first.click()
    page.get_by_role("link", name="Amira Khan").click()
    expect(page.get_by_role("heading", name="Lessons billed and delivered")).to_be_visible()
    summary = page.get_by_role("table", name="Lessons by term")
    expect(summary.get_by_role("row").nth(1)).to_contain_text(str(term))
    expect(
        page.get_by_text(f"{first_lesson:%a} {first_lesson.day} {first_lesson:%b %Y}: Tutor absent")
    ).to_be_visible()
    accessible(page, "enrolment-register")
