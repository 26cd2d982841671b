"""The enrolments' pages: a parent's notice and its confirmation step; staff's list, moves, re-enrolment."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.models import OutgoingEmail, TermBreak
from tests import factories
from tests.tuition_factories import TeachingSlotFactory, academic_year, enrol, next_years_slot, pin_today

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def lessons(child, guardian, monkeypatch):
    year = academic_year(2026)
    TermBreak.objects.create(
        term=year.terms.get(kind="autumn"), starts_on=D(2026, 10, 26), ends_on=D(2026, 10, 30)
    )
    pin_today(monkeypatch, D(2026, 10, 6))
    slot = TeachingSlotFactory(weekday=1, starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    return enrol(child, slot, starts_on=D(2026, 9, 8), payer=guardian)


def _notice_url(enrolment):
    return reverse("tuition:give-notice", args=[enrolment.public_id])


def test_the_parent_sees_the_end_date_before_confirming_and_nothing_changes_until_then(
    client, lessons, guardian
):
    client.force_login(guardian.user)
    page = client.post(_notice_url(lessons), {"reason": "cost", "detail": "Fees rose"})
    assert page.status_code == 200
    assert "last lesson will be on <strong>Tuesday 24 November 2026</strong>" in page.text
    lessons.refresh_from_db()
    assert lessons.ends_on is None
    done = client.post(
        _notice_url(lessons), {"reason": "cost", "detail": "Fees rose", "confirm": "yes"}, follow=True
    )
    assert "last lesson is on Tuesday 24/11/2026" in done.text
    assert "The last lesson is on <strong>Tuesday 24 November 2026</strong>" in done.text
    lessons.refresh_from_db()
    assert (lessons.ends_on, lessons.leave_detail) == (D(2026, 11, 24), "Fees rose")


def test_changing_answers_goes_back_to_the_form_with_them_filled_in(client, lessons, guardian):
    client.force_login(guardian.user)
    page = client.post(_notice_url(lessons), {"reason": "cost", "detail": "Fees rose", "change": "yes"})
    assert re.search(r'<input[^>]*value="cost"[^>]*checked', page.text)
    assert not re.search(r'<input[^>]*value="other"[^>]*checked', page.text)
    assert "Fees rose</textarea>" in page.text


def test_notice_without_a_reason_shows_the_error_at_the_field_and_saves_nothing(client, lessons, guardian):
    client.force_login(guardian.user)
    page = client.post(_notice_url(lessons), {"reason": "", "detail": "x", "confirm": "yes"})
    assert "Choose why the lessons are stopping." in page.text
    assert "<title>Error:" in page.text
    lessons.refresh_from_db()
    assert lessons.ends_on is None


def test_notice_confirmed_twice_says_so_and_changes_nothing(client, lessons, guardian):
    client.force_login(guardian.user)
    data = {"reason": "cost", "detail": "", "confirm": "yes"}
    client.post(_notice_url(lessons), data)
    again = client.post(_notice_url(lessons), {**data, "reason": "other"}, follow=True)
    assert "Notice has already been given" in again.text
    lessons.refresh_from_db()
    assert lessons.leave_reason == "cost"
    assert OutgoingEmail.objects.count() == 1
    # The form itself is not offered again.
    assert "already end on 24/11/2026" in client.get(_notice_url(lessons), follow=True).text


def test_another_familys_lessons_cannot_be_given_notice(client, lessons, other_guardian):
    client.force_login(other_guardian.user)
    page = client.post(_notice_url(lessons), {"reason": "cost", "detail": "", "confirm": "yes"})
    assert page.status_code == 404
    lessons.refresh_from_db()
    assert lessons.ends_on is None


def test_the_family_home_links_to_the_lessons(client, lessons, guardian):
    client.force_login(guardian.user)
    page = client.get(reverse("hub:family-home"))
    assert reverse("tuition:family-enrolment", args=[lessons.public_id]) in page.text


def test_staff_see_the_reason_and_the_placements_on_the_enrolment_page(client, lessons, guardian, hub_admin):
    client.force_login(guardian.user)
    client.post(_notice_url(lessons), {"reason": "private", "detail": "A teacher nearby", "confirm": "yes"})
    client.force_login(hub_admin)
    page = client.get(reverse("tuition:staff-enrolment", args=[lessons.public_id]))
    assert "Moving to a private teacher" in page.text
    assert "A teacher nearby" in page.text
    assert "08/09/2026" in page.text and "24/11/2026" in page.text


def _move(client, enrolment, slot, on="2026-11-02"):
    url = reverse("tuition:staff-enrolment-move", args=[enrolment.public_id])
    return client.post(url, {"slot": slot.pk, "starts_on": on, "note": ""}, follow=True)


def test_staff_move_a_pupil_and_a_full_slot_is_refused_at_the_field(client, lessons, hub_admin):
    client.force_login(hub_admin)
    current = lessons.placements.get().slot
    full = TeachingSlotFactory(lesson_type=current.lesson_type, instrument=current.instrument, weekday=3)
    enrol(factories.PupilFactory(), full, starts_on=D(2026, 9, 10))
    page = _move(client, lessons, full)
    assert "That slot is full: it has room for 1." in page.text
    assert 'aria-invalid="true"' in page.text
    assert lessons.placements.count() == 1
    free = TeachingSlotFactory(lesson_type=current.lesson_type, instrument=current.instrument, weekday=4)
    page = _move(client, lessons, free)
    assert "moves to" in page.text
    assert list(lessons.placements.order_by("starts_on").values_list("slot", flat=True)) == [
        current.pk,
        free.pk,
    ]


def test_re_enrolment_stays_in_the_matching_slot_and_a_second_answer_changes_nothing(
    client, lessons, hub_admin
):
    matching = next_years_slot(lessons.placements.get().slot, academic_year(2027))
    client.force_login(hub_admin)
    url = reverse("tuition:staff-reenrol", args=[2026, lessons.public_id])
    client.post(url, {"choice": "stay"})
    assert lessons.placements.filter(slot=matching, starts_on=D(2027, 9, 3)).exists()
    again = client.post(url, {"choice": "leave", "reason": "cost"})
    assert "already has a place next year: nothing has been changed" in again.text
    lessons.refresh_from_db()
    assert lessons.ends_on is None


def test_everyone_whose_matching_slot_exists_stays_at_once(client, lessons, hub_admin):
    year = academic_year(2027)
    matching = next_years_slot(lessons.placements.get().slot, year)
    without = enrol(factories.PupilFactory(), TeachingSlotFactory(weekday=2), starts_on=D(2026, 9, 9))
    client.force_login(hub_admin)
    page = client.get(reverse("tuition:staff-reenrolment", args=[2026]))
    assert "Not decided; matching slot exists" in page.text and "no matching slot yet" in page.text
    ids = [str(lessons.public_id), str(without.public_id)]
    url = reverse("tuition:staff-reenrol-stayers", args=[2026])
    page = client.post(url, {"enrolment": ids, "page": "1"}, follow=True)
    assert "1 pupil will stay in the matching slot." in page.text
    assert lessons.placements.filter(slot=matching).exists()
    assert without.placements.count() == 1
    # Sent again (a double click), nothing more happens.
    page = client.post(url, {"enrolment": ids, "page": "1"}, follow=True)
    assert "0 pupils will stay" in page.text
    assert lessons.placements.count() == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n):
    for _ in range(n):
        slot = TeachingSlotFactory()
        enrolment = enrol(factories.PupilFactory(), slot, starts_on=D(2026, 9, 8))
        next_years_slot(slot, academic_year(2027))
        moved_to = TeachingSlotFactory(lesson_type=slot.lesson_type, instrument=slot.instrument, weekday=4)
        enrolment.placements.update(ends_on=D(2026, 10, 1))
        enrol_again = enrolment.placements.get()
        enrol_again.pk = None
        enrol_again.slot, enrol_again.starts_on, enrol_again.ends_on = moved_to, D(2026, 10, 2), None
        enrol_again.weekday = moved_to.weekday
        enrol_again.save()


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        (reverse("tuition:staff-enrolment-list"), 11),
        (reverse("tuition:staff-enrolment-list") + "?include_ended=on", 11),
        (reverse("tuition:staff-reenrolment", args=[2026]), 14),
    ],
)
def test_staff_enrolment_lists_have_a_fixed_number_of_queries(
    client, lessons, hub_admin, url, limit, django_assert_max_num_queries
):
    client.force_login(hub_admin)
    _grow(2)
    few = _queries(client, url)
    _grow(12)
    with django_assert_max_num_queries(limit):
        many = _queries(client, url)
    assert many == few


def test_the_enrolment_list_filters_by_school_urn_or_name_instrument_and_tutor(client, lessons, hub_admin):
    other = enrol(factories.PupilFactory(last_name="Zed"), TeachingSlotFactory(), starts_on=D(2026, 9, 8))
    slot = lessons.placements.get().slot
    client.force_login(hub_admin)
    url = reverse("tuition:staff-enrolment-list")
    by_school = ({"school": str(slot.school.urn)}, {"school": slot.school.name.lower()})
    for query in (*by_school, {"tutor": slot.tutor_id}):
        page = client.get(url, query)
        assert lessons.pupil.full_name in page.text and other.pupil.full_name not in page.text
    page = client.get(url, {"instrument": slot.instrument_id})
    assert lessons.pupil.full_name in page.text and other.pupil.full_name in page.text


def test_the_whole_years_stayers_are_placed_by_a_recorded_job_that_places_nobody_twice(
    client, lessons, hub_admin, django_capture_on_commit_callbacks
):
    from hub import jobs
    from hub.models import Job

    matching = next_years_slot(lessons.placements.get().slot, academic_year(2027))
    enrol(factories.PupilFactory(), TeachingSlotFactory(weekday=2), starts_on=D(2026, 9, 9))  # no match
    client.force_login(hub_admin)
    url = reverse("tuition:staff-reenrolment-run", args=[2026])
    response = client.post(url)
    job = Job.objects.get()
    assert response.url == reverse("hub:job-detail", args=[job.public_id])
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert list(job.items.values_list("status", flat=True)) == ["done"]
    assert lessons.placements.filter(slot=matching, starts_on=D(2027, 9, 3)).count() == 1
    page = client.get(reverse("hub:job-detail", args=[job.public_id]))
    assert page.status_code == 200 and "1 placed" in page.text
    # Run again: nobody is left undecided with a matching slot, so nothing more is placed.
    client.post(url)
    jobs.execute(Job.objects.latest("pk").pk)
    assert lessons.placements.count() == 2


def test_a_moved_pupil_is_listed_under_their_new_tutor_and_under_the_old_one_only_with_ended_lessons(
    client, lessons, hub_admin
):
    old = lessons.placements.get().slot
    new = TeachingSlotFactory(lesson_type=old.lesson_type, instrument=old.instrument, weekday=4)
    lessons.placements.update(ends_on=D(2026, 10, 1))
    enrolment_placement = lessons.placements.get()
    enrolment_placement.pk, enrolment_placement.slot = None, new
    enrolment_placement.starts_on, enrolment_placement.ends_on = D(2026, 10, 2), None
    enrolment_placement.save()
    client.force_login(hub_admin)
    url = reverse("tuition:staff-enrolment-list")
    assert lessons.pupil.full_name in client.get(url, {"tutor": new.tutor_id}).text
    assert lessons.pupil.full_name not in client.get(url, {"tutor": old.tutor_id}).text
    assert lessons.pupil.full_name in client.get(url, {"tutor": old.tutor_id, "include_ended": "on"}).text
