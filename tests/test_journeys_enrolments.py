"""Browser journey 8: a parent gives notice with a reason and sees the last lesson; staff see the reason."""

import datetime

import pytest
from playwright.sync_api import expect

from hub.models import TermBreak
from tests import factories
from tests.conftest import sign_in
from tests.error_pattern import check_error_pattern
from tests.tuition_factories import TeachingSlotFactory, academic_year, enrol, next_years_slot, pin_today
from tuition.forms.enrolments import SlotChoiceField
from tuition.models import TeachingSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_parent_gives_notice_with_a_reason_and_staff_see_it(
    page, live_server, accessible, monkeypatch, guardian, child, hub_admin
):
    year = academic_year(2026)
    TermBreak.objects.create(
        term=year.terms.get(kind="autumn"),
        starts_on=datetime.date(2026, 10, 26),
        ends_on=datetime.date(2026, 10, 30),
    )
    pin_today(monkeypatch, datetime.date(2026, 10, 6))
    slot = TeachingSlotFactory(weekday=1, starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    enrol(child, slot, starts_on=datetime.date(2026, 9, 8), payer=guardian)

    sign_in(page, live_server, guardian.user.email)
    page.get_by_role("link", name="Amira's Violin lessons").click()
    expect(page.get_by_role("heading", name="Amira's Violin lessons")).to_be_visible()
    accessible(page, "lessons")
    page.get_by_role("link", name="Give notice").click()
    page.get_by_role("button", name="Continue").click()
    check_error_pattern(page, ["Choose why the lessons are stopping."])
    accessible(page, "notice-error")
    page.get_by_label("Moving to a private teacher").check()
    page.get_by_label("Anything else you would like to tell us (optional)").fill("Grade 5 next year")
    accessible(page, "notice-form")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("last lesson will be on Tuesday 24 November 2026")).to_be_visible()
    accessible(page, "notice-confirm")
    page.get_by_role("button", name="Give notice").click()
    expect(page.get_by_role("status")).to_contain_text("last lesson is on Tuesday 24/11/2026")
    expect(page.get_by_role("heading", name="Lessons are ending")).to_be_visible()
    expect(page.get_by_text("The last lesson is on Tuesday 24 November 2026.")).to_be_visible()
    accessible(page, "notice-given")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="Enrolments").click()
    accessible(page, "staff-enrolments")
    page.get_by_role("link", name=child.full_name).click()
    notice = page.get_by_role("region", name="Notice")
    expect(notice).to_contain_text("Moving to a private teacher")
    expect(notice).to_contain_text("Grade 5 next year")
    accessible(page, "staff-enrolment")


def test_staff_move_a_pupil_and_decide_next_year(
    page, live_server, accessible, monkeypatch, child, hub_admin
):
    academic_year(2026)
    pin_today(monkeypatch, datetime.date(2026, 10, 6))
    now = TeachingSlotFactory(weekday=1, starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    lessons = enrol(child, now, starts_on=datetime.date(2026, 9, 8))
    full = TeachingSlotFactory(lesson_type=now.lesson_type, instrument=now.instrument, weekday=3)
    enrol(factories.PupilFactory(), full, starts_on=datetime.date(2026, 9, 10))
    free = TeachingSlotFactory(lesson_type=now.lesson_type, instrument=now.instrument, weekday=4)
    stayer = enrol(
        factories.PupilFactory(first_name="Zara"),
        TeachingSlotFactory(weekday=2),
        starts_on=datetime.date(2026, 9, 9),
    )
    next_years_slot(stayer.placements.get().slot, academic_year(2027))
    label = SlotChoiceField(queryset=TeachingSlot.objects.all()).label_from_instance

    sign_in(page, live_server, hub_admin.email, totp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="Enrolments").click()
    page.get_by_label("Tutor").select_option(label=now.tutor.user.get_full_name())
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=stayer.pupil.full_name)).to_have_count(0)
    page.get_by_role("link", name=child.full_name).click()
    page.get_by_label("Move to the slot").select_option(label=label(full))
    page.get_by_label("From").fill("2026-11-02")
    page.get_by_role("button", name="Move").click()
    check_error_pattern(page, ["That slot is full: it has room for 1."])
    accessible(page, "move-refused")
    page.get_by_label("Move to the slot").select_option(label=label(free))
    page.get_by_label("From").fill("2026-11-02")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_role("status")).to_contain_text(f"{child.first_name} moves to")
    placements = page.get_by_role("table", name="Slots the lessons were taught in, oldest first")
    expect(placements.get_by_role("row")).to_have_count(3)
    expect(placements).to_contain_text("01/11/2026")
    accessible(page, "moved")

    page.get_by_role("link", name="Enrolments").first.click()
    page.get_by_role("link", name="Re-enrolment for after 2026/27").click()
    accessible(page, "re-enrolment")
    page.get_by_role("button", name="Keep everyone on this page whose matching slot exists").click()
    expect(page.get_by_role("status")).to_contain_text("1 pupil will stay in the matching slot.")
    page.get_by_role("link", name=f"Decide for {child.full_name}").click()
    page.get_by_label("Leave").check()
    page.get_by_label("Reason for leaving").select_option(label="Moving away or changing school")
    accessible(page, "decide")
    page.get_by_role("button", name="Save").click()
    table = page.get_by_role("table", name="Pupils to re-enrol and their answers")
    expect(table.get_by_role("row", name=child.full_name)).to_contain_text("Leaving on 31/08/2027")
    expect(table.get_by_role("row", name=stayer.pupil.full_name)).to_contain_text("Staying")
    accessible(page, "decided")
    lessons.refresh_from_db()
    assert lessons.leave_reason == "moving"
