"""Notice, moves and next year's re-enrolment: what they change, and every bad input changing nothing."""

import contextlib
import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from hub.models import OutgoingEmail, TermBreak
from tests import factories
from tests.tuition_factories import (
    OfferFactory,
    TeachingSlotFactory,
    academic_year,
    enrol,
    group_lesson_type,
    next_years_slot,
    pin_today,
)
from tuition.errors import TuitionError
from tuition.models import LeaveReason, Offer, Placement
from tuition.services import places
from tuition.services.enrolments import give_notice, move_enrolment
from tuition.services.reenrolment import Choice, reenrol

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


def test_notice_ends_the_lessons_and_the_placement_after_six_weeks_of_teaching(lessons, guardian):
    enrolment = give_notice(
        enrolment=lessons, reason=LeaveReason.COST, detail=" Fees rose ", by=guardian.user
    )
    enrolment.refresh_from_db()
    assert enrolment.ends_on == D(2026, 11, 24)  # half-term skipped
    assert (enrolment.leave_reason, enrolment.leave_detail) == ("cost", "Fees rose")
    assert enrolment.notice_given_by == guardian.user
    assert list(enrolment.placements.values_list("ends_on", flat=True)) == [D(2026, 11, 24)]


def test_notice_is_emailed_to_the_family_by_name_with_the_hub_and_a_full_link(lessons, guardian, settings):
    give_notice(enrolment=lessons, reason=LeaveReason.COST, detail="", by=guardian.user)
    email = OutgoingEmail.objects.get()
    assert email.to == ["parent@example.org"]
    assert settings.HUB_NAME in email.subject
    assert email.body.startswith(f"Dear {guardian.user.get_full_name()},")
    assert "Tuesday 24 November 2026" in email.body
    assert "The cost" in email.body
    assert f"{settings.SITE_URL}/family/lessons/{lessons.public_id}/" in email.body
    assert settings.HUB_NAME in email.body


def test_notice_given_twice_is_refused_and_changes_nothing(lessons, guardian):
    give_notice(enrolment=lessons, reason=LeaveReason.COST, detail="", by=guardian.user)
    lessons.refresh_from_db()
    before = (lessons.ends_on, lessons.leave_reason, lessons.notice_given_at)
    with pytest.raises(TuitionError, match="Notice has already been given: .* end on 24/11/2026"):
        give_notice(enrolment=lessons, reason=LeaveReason.OTHER, detail="again", by=guardian.user)
    lessons.refresh_from_db()
    assert (lessons.ends_on, lessons.leave_reason, lessons.notice_given_at) == before
    assert OutgoingEmail.objects.count() == 1


def test_notice_without_a_known_reason_is_refused(lessons, guardian):
    with pytest.raises(TuitionError, match="Choose a reason"):
        give_notice(enrolment=lessons, reason="bored", detail="", by=guardian.user)
    lessons.refresh_from_db()
    assert lessons.ends_on is None
    assert not OutgoingEmail.objects.exists()


def _other_slot(lessons, **fields):
    current = lessons.placements.get().slot
    return TeachingSlotFactory(
        **{"lesson_type": current.lesson_type, "instrument": current.instrument, "weekday": 3, **fields}
    )


def test_a_move_ends_the_current_placement_the_day_before_and_starts_another(lessons, hub_admin):
    target = _other_slot(lessons)
    placement = move_enrolment(enrolment=lessons, slot=target, starts_on=D(2026, 11, 2), by=hub_admin)
    first, second = lessons.placements.order_by("starts_on")
    assert first.ends_on == D(2026, 11, 1)
    assert second == placement
    assert (second.slot, second.starts_on, second.ends_on, second.weekday) == (
        target,
        D(2026, 11, 2),
        None,
        3,
    )
    assert second.moved_by == hub_admin


def test_a_move_into_a_full_slot_is_refused_and_changes_nothing(lessons, hub_admin):
    target = _other_slot(lessons)  # room for one
    enrol(factories.PupilFactory(), target, starts_on=D(2026, 9, 10))
    with pytest.raises(TuitionError, match="That slot is full"):
        move_enrolment(enrolment=lessons, slot=target, starts_on=D(2026, 11, 2), by=hub_admin)
    assert list(lessons.placements.values_list("ends_on", flat=True)) == [None]


def test_a_place_held_by_an_open_offer_counts_as_taken(lessons, hub_admin):
    target = _other_slot(lessons)
    OfferFactory(slot=target)
    with pytest.raises(TuitionError, match="That slot is full"):
        move_enrolment(enrolment=lessons, slot=target, starts_on=D(2026, 11, 2), by=hub_admin)


def test_a_move_onto_another_lesson_of_the_pupil_is_refused_with_a_clear_message(lessons, child, hub_admin):
    flute = TeachingSlotFactory(
        weekday=3,
        starts_at=datetime.time(11, 0),
        ends_at=datetime.time(11, 30),
        instrument__name="Flute",
        instrument__slug="flute",
    )
    enrol(child, flute, starts_on=D(2026, 9, 10))
    target = _other_slot(lessons, starts_at=datetime.time(11, 15), ends_at=datetime.time(11, 45))
    with pytest.raises(TuitionError, match="Amira already has another lesson at that time on that day"):
        move_enrolment(enrolment=lessons, slot=target, starts_on=D(2026, 11, 2), by=hub_admin)
    assert list(lessons.placements.values_list("ends_on", flat=True)) == [None]


def test_a_move_into_the_same_slot_is_refused(lessons, hub_admin):
    with pytest.raises(TuitionError, match="already taught in that slot"):
        move_enrolment(
            enrolment=lessons, slot=lessons.placements.get().slot, starts_on=D(2026, 11, 2), by=hub_admin
        )


def test_a_move_to_another_instrument_or_after_the_lessons_end_is_refused(lessons, guardian, hub_admin):
    flute = TeachingSlotFactory(instrument__name="Flute", instrument__slug="flute", weekday=4)
    with pytest.raises(TuitionError, match="teaches Flute, not Violin"):
        move_enrolment(enrolment=lessons, slot=flute, starts_on=D(2026, 11, 2), by=hub_admin)
    give_notice(enrolment=lessons, reason=LeaveReason.COST, detail="", by=guardian.user)
    with pytest.raises(TuitionError, match="end on 24/11/2026, before that date"):
        move_enrolment(enrolment=lessons, slot=_other_slot(lessons), starts_on=D(2026, 12, 1), by=hub_admin)


def test_a_move_within_notice_keeps_the_end_date(lessons, guardian, hub_admin):
    give_notice(enrolment=lessons, reason=LeaveReason.COST, detail="", by=guardian.user)
    placement = move_enrolment(
        enrolment=lessons, slot=_other_slot(lessons), starts_on=D(2026, 11, 2), by=hub_admin
    )
    assert placement.ends_on == D(2026, 11, 24)


# --- Next year's re-enrolment ------------------------------------------------------------------------


@pytest.fixture
def next_year(lessons):
    return academic_year(2027)


def test_staying_places_the_pupil_in_next_years_matching_slot_from_its_first_term(
    lessons, next_year, hub_admin
):
    year = academic_year(2026)
    current = lessons.placements.get()
    matching = next_years_slot(current.slot, next_year)
    placement = reenrol(enrolment=lessons, year=year, choice=Choice.STAY, by=hub_admin)
    current.refresh_from_db()
    assert (placement.slot, placement.starts_on, placement.ends_on) == (matching, D(2027, 9, 3), None)
    assert current.ends_on == D(2027, 9, 2)


def test_staying_without_a_matching_slot_asks_for_one_and_changes_nothing(lessons, next_year, hub_admin):
    with pytest.raises(TuitionError, match="no matching slot yet: choose a slot"):
        reenrol(enrolment=lessons, year=academic_year(2026), choice=Choice.STAY, by=hub_admin)
    assert list(lessons.placements.values_list("ends_on", flat=True)) == [None]


def test_re_enrolling_twice_is_refused_and_changes_nothing(lessons, next_year, hub_admin):
    year = academic_year(2026)
    next_years_slot(lessons.placements.get().slot, next_year)
    reenrol(enrolment=lessons, year=year, choice=Choice.STAY, by=hub_admin)
    before = list(Placement.objects.values_list("pk", "slot", "starts_on", "ends_on"))
    with pytest.raises(TuitionError, match="already has a place next year: nothing has been changed"):
        reenrol(enrolment=lessons, year=year, choice=Choice.STAY, by=hub_admin)
    with pytest.raises(TuitionError, match="already has a place next year"):
        reenrol(enrolment=lessons, year=year, choice=Choice.LEAVE, reason=LeaveReason.COST, by=hub_admin)
    assert list(Placement.objects.values_list("pk", "slot", "starts_on", "ends_on")) == before


def test_changing_lesson_type_places_the_pupil_in_a_slot_of_another_type(lessons, next_year, hub_admin):
    year = academic_year(2026)
    current = lessons.placements.get().slot
    same_type = next_years_slot(current, next_year)
    group = TeachingSlotFactory(
        lesson_type=group_lesson_type(academic_year=next_year), instrument=current.instrument, weekday=2
    )
    with pytest.raises(TuitionError, match="also Individual"):
        reenrol(enrolment=lessons, year=year, choice=Choice.CHANGE, slot=same_type, by=hub_admin)
    with pytest.raises(TuitionError, match="Choose a slot of another lesson type"):
        reenrol(enrolment=lessons, year=year, choice=Choice.CHANGE, by=hub_admin)
    this_years = TeachingSlotFactory(
        lesson_type=group_lesson_type(name="Group 2"), instrument=current.instrument
    )
    with pytest.raises(TuitionError, match="Choose a slot of 2027/28"):
        reenrol(enrolment=lessons, year=year, choice=Choice.CHANGE, slot=this_years, by=hub_admin)
    placement = reenrol(enrolment=lessons, year=year, choice=Choice.CHANGE, slot=group, by=hub_admin)
    assert (placement.slot, placement.starts_on) == (group, D(2027, 9, 3))


def test_staying_in_a_full_slot_next_year_is_refused_and_changes_nothing(lessons, next_year, hub_admin):
    matching = next_years_slot(lessons.placements.get().slot, next_year)
    enrol(factories.PupilFactory(), matching, starts_on=D(2027, 9, 3))
    with pytest.raises(TuitionError, match="That slot is full"):
        reenrol(enrolment=lessons, year=academic_year(2026), choice=Choice.STAY, by=hub_admin)
    assert list(lessons.placements.values_list("ends_on", flat=True)) == [None]


def test_leaving_ends_the_lessons_at_the_years_end_with_the_reason(lessons, next_year, hub_admin):
    year = academic_year(2026)
    with pytest.raises(TuitionError, match="Choose a reason"):
        reenrol(enrolment=lessons, year=year, choice=Choice.LEAVE, by=hub_admin)
    reenrol(enrolment=lessons, year=year, choice=Choice.LEAVE, reason=LeaveReason.MOVING_AWAY, by=hub_admin)
    lessons.refresh_from_db()
    assert (lessons.ends_on, lessons.leave_reason) == (year.ends_on, "moving")
    assert lessons.placements.get().ends_on == year.ends_on
    with pytest.raises(TuitionError, match="already end on 31/08/2027: nothing has been changed"):
        reenrol(enrolment=lessons, year=year, choice=Choice.LEAVE, reason=LeaveReason.COST, by=hub_admin)


def test_notice_after_re_enrolment_removes_next_years_placement(lessons, next_year, guardian, hub_admin):
    next_years_slot(lessons.placements.get().slot, next_year)
    reenrol(enrolment=lessons, year=academic_year(2026), choice=Choice.STAY, by=hub_admin)
    give_notice(enrolment=lessons, reason=LeaveReason.COST, detail="", by=guardian.user)
    assert list(lessons.placements.values_list("ends_on", flat=True)) == [D(2026, 11, 24)]


@pytest.mark.django_db(transaction=True)
def test_two_staff_moving_pupils_into_the_last_place_at_once_one_is_refused(hub_admin, monkeypatch):
    academic_year(2026)
    start = D(2026, 9, 8)
    pupils = [factories.PupilFactory(), factories.PupilFactory()]
    enrolments = [
        enrol(pupil, TeachingSlotFactory(weekday=n), starts_on=start) for n, pupil in enumerate(pupils)
    ]
    target = TeachingSlotFactory(weekday=4)  # room for one
    barrier = threading.Barrier(2)
    results: list = [None, None]
    # Hold each mover between counting the slot's places and taking one, so that without the row lock both
    # would count the slot empty; with it, the second waits at the lock and this pause times out.
    pause = threading.Barrier(2, timeout=2)

    class HeldOffer:
        Status = Offer.Status

        class objects:  # noqa: N801 (stands in for the manager)
            @staticmethod
            def filter(**kwargs):
                with contextlib.suppress(threading.BrokenBarrierError):
                    pause.wait()
                return Offer.objects.filter(**kwargs)

    monkeypatch.setattr(places, "Offer", HeldOffer)

    def move(i):
        try:
            barrier.wait()
            results[i] = move_enrolment(
                enrolment=enrolments[i], slot=target, starts_on=D(2026, 11, 6), by=hub_admin
            )
        except Exception as error:  # collected and asserted on below
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert sorted(type(result).__name__ for result in results) == ["Placement", "TuitionError"]
    assert "That slot is full" in str(next(r for r in results if isinstance(r, TuitionError)))
    assert Placement.objects.filter(slot=target).count() == 1
    # The refused pupil's lessons go on where they were.
    assert Placement.objects.filter(ends_on__isnull=True).count() == 2
