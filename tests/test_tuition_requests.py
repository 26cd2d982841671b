"""A family asks for lessons: a free place is offered at once, else the request waits in its queue; offers
are made, accepted, declined, withdrawn, expired and reminded, each refusal clear and nothing half-saved."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from hub.billing.remissions import price_fee
from schools.selectors.remissions import approved_categories
from tests import factories
from tests.tuition_factories import RemissionAwardFactory, TeachingSlotFactory, academic_year, enrol
from tuition.errors import TuitionError
from tuition.models import Enrolment, LessonRequest, Offer, Placement
from tuition.selectors.requests import family_lessons, lessons_taught
from tuition.selectors.waiting_lists import waiting_list
from tuition.services import offer_deadlines, offers, requests
from tuition.services.places import places_taken

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def slot(year, school):
    return TeachingSlotFactory(school=school, capacity=1)


def ask(child, slot, *, by=None, preferred_start=None, level="beginner"):
    return requests.request_lessons(
        pupil=child,
        instrument=slot.instrument,
        lesson_type=slot.lesson_type,
        level=level,
        preferred_start=preferred_start,
        by=by or child.guardians.first().user,
    )


def fill(slot):
    """Take the slot's every place with other pupils."""
    for _ in range(slot.capacity):
        enrol(factories.PupilFactory(school=slot.school), slot, starts_on=datetime.date(2026, 9, 8))


def sibling_of(child, **fields):
    return factories.PupilFactory(school=child.school, guardians=[child.guardians.first()], **fields)


def stranger_at(school):
    return factories.PupilFactory(school=school, guardians=[factories.GuardianFactory()])


# --- Asking ---------------------------------------------------------------------------------------------


def test_a_free_place_is_offered_at_once_and_the_family_emailed(
    child, slot, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    guardian.user.last_name = "Okafor"
    guardian.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        lesson_request = ask(child, slot)
    assert lesson_request.status == LessonRequest.Status.OFFERED
    assert lesson_request.requested_by == guardian
    offer = lesson_request.offers.get()
    assert offer.slot == slot and offer.status == Offer.Status.OPEN
    assert offer.starts_on.weekday() == slot.weekday and offer.starts_on >= timezone.localdate()
    assert offer.expires_at - offer.made_at == datetime.timedelta(days=7)
    [mail] = mailoutbox
    assert mail.to == [guardian.user.email]
    assert "Dear Pat Okafor," in mail.body
    assert f"{SITE}/family/lessons/offers/{offer.public_id}/#accept" in mail.body


def test_a_full_slot_puts_the_request_on_the_waiting_list_at_position_one(child, slot, mailoutbox):
    fill(slot)
    lesson_request = ask(child, slot, preferred_start=datetime.date(2027, 1, 5), level="grades_1_2")
    assert lesson_request.status == LessonRequest.Status.WAITING
    assert not Offer.objects.exists() and not mailoutbox
    [mine] = family_lessons(child.guardians.first())[0].requests
    assert mine.position == 1


def test_positions_rank_the_waiting_requests_of_one_school_and_instrument_by_when_they_asked(
    child, slot, other_school
):
    fill(slot)
    first = ask(stranger_at(slot.school), slot)
    mine = ask(child, slot)
    # Another school's queue, and another instrument's, do not count.
    elsewhere = TeachingSlotFactory(school=other_school, lesson_type=slot.lesson_type, capacity=1)
    fill(elsewhere)
    ask(stranger_at(other_school), elsewhere)
    flute = TeachingSlotFactory(
        school=slot.school, instrument__name="Flute", instrument__slug="flute", lesson_type=slot.lesson_type
    )
    fill(flute)
    ask(sibling_of(child), flute)
    positions = {row.pk: row.position for row in waiting_list(school=slot.school, instrument=slot.instrument)}
    assert positions == {first.pk: 1, mine.pk: 2}
    requests.withdraw_request(lesson_request=first, by=first.requested_by.user)
    assert [row.position for row in waiting_list(school=slot.school, instrument=slot.instrument)] == [1]


def test_those_already_waiting_come_before_a_new_request_when_a_place_frees(child, slot):
    fill(slot)
    waiting = ask(stranger_at(slot.school), slot)
    Placement.objects.filter(slot=slot).update(ends_on=datetime.date(2026, 9, 30))  # a pupil left
    late = ask(child, slot)
    assert late.status == LessonRequest.Status.WAITING
    offers.make_offer(lesson_request=waiting, slot=slot, starts_on=_next(slot), by=None)


def _next(slot, after=None):
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(slot.weekday - day.weekday()) % 7)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"preferred_start": datetime.date(2020, 1, 1)}, "The preferred start cannot be in the past."),
        ({"by": "stranger"}, "Only the child's parents and carers can ask for lessons for them."),
        ({"lesson_type": "group"}, "does not teach Violin as Group"),
        ({"no_school": True}, "Lessons are taught in schools in the register"),
        ({"no_address": True}, r"Add your billing address \(in your details\) before you ask for lessons."),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message_and_nothing_saved(child, slot, change, message):
    from tests.tuition_factories import group_lesson_type

    if change.get("no_address"):
        type(child.guardians.first()).objects.update(
            address_line_1="", address_line_2="", town="", postcode=""
        )
    kwargs = {
        "pupil": child,
        "instrument": slot.instrument,
        "lesson_type": slot.lesson_type,
        "level": "beginner",
        "preferred_start": change.get("preferred_start"),
        "by": child.guardians.first().user,
    }
    if change.get("by"):
        kwargs["by"] = factories.GuardianFactory().user
    if change.get("lesson_type"):
        kwargs["lesson_type"] = group_lesson_type()
    if change.get("no_address"):
        type(child.guardians.first()).objects.update(
            address_line_1="", address_line_2="", town="", postcode=""
        )
    if change.get("no_school"):
        child.school, child.other_school_name = None, "Home educated"
        child.save()
    with pytest.raises(TuitionError, match=message):
        requests.request_lessons(**kwargs)
    assert not LessonRequest.objects.exists() and not Offer.objects.exists()


def test_asking_twice_for_one_instrument_is_refused(child, slot):
    fill(slot)
    ask(child, slot)
    with pytest.raises(TuitionError, match="Amira is already waiting for Violin lessons."):
        ask(child, slot)
    assert LessonRequest.objects.count() == 1


def test_the_fee_shown_is_the_one_pricing_function_with_the_remission_as_its_own_line(child, slot):
    RemissionAwardFactory(pupil=child, category__percent=Decimal("50.00"), category__name="Low income")
    [violin] = lessons_taught(child)
    [choice] = violin.choices
    assert choice.fee.fee == Decimal("150.00")
    assert [(r.description, r.amount) for r in choice.fee.reductions] == [
        ("Remission: Low income", Decimal("75.00"))
    ]
    assert choice.fee == price_fee(
        fee=slot.lesson_type.termly_fee,
        activity="lessons",
        categories=approved_categories(child, academic_year()),
    )


# --- Offers ---------------------------------------------------------------------------------------------


@pytest.fixture
def waiting(child, slot):
    fill(slot)
    return ask(child, slot)


@pytest.fixture
def second_slot(slot, hub_admin):
    return TeachingSlotFactory(school=slot.school, instrument=slot.instrument, lesson_type=slot.lesson_type)


def test_staff_offer_a_waiting_request_a_place_and_the_family_is_emailed(
    waiting, second_slot, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = offers.make_offer(
            lesson_request=waiting, slot=second_slot, starts_on=_next(second_slot), by=hub_admin
        )
    waiting.refresh_from_db()
    assert waiting.status == LessonRequest.Status.OFFERED
    assert offer.made_by == hub_admin and places_taken(second_slot, offer.starts_on) == 1
    assert [m.to for m in mailoutbox] == [["parent@example.org"]]


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("full", "This slot has no free place on that day"),
        ("weekday", "Lessons in this slot are on Tuesdays"),
        ("past", "The first lesson cannot be in the past."),
        ("next_year", "must fall in the slot's academic year, 2026/27"),
        ("offered", "This request is no longer waiting: place offered."),
    ],
)
def test_bad_offers_are_refused_with_a_clear_message_and_nothing_saved(
    waiting, slot, second_slot, hub_admin, problem, message
):
    target, day = second_slot, _next(second_slot)
    if problem == "full":
        target = slot
    elif problem == "weekday":
        day += datetime.timedelta(days=1)
    elif problem == "past":
        day -= datetime.timedelta(days=14)
    elif problem == "next_year":
        day = _next(second_slot, datetime.date(2027, 9, 1))
    elif problem == "offered":
        offers.make_offer(lesson_request=waiting, slot=second_slot, starts_on=day, by=hub_admin)
    before = Offer.objects.count()
    with pytest.raises(TuitionError, match=message):
        offers.make_offer(lesson_request=waiting, slot=target, starts_on=day, by=hub_admin)
    assert Offer.objects.count() == before


@pytest.fixture
def offer(waiting, second_slot, hub_admin):
    return offers.make_offer(
        lesson_request=waiting, slot=second_slot, starts_on=_next(second_slot), by=hub_admin
    )


def test_accepting_makes_an_enrolment_paid_by_whoever_asked_placed_from_the_first_lesson(offer, guardian):
    enrolment = offers.accept_offer(offer=offer, by=guardian.user)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED and offer.decided_at
    assert enrolment.payer == guardian and enrolment.request == offer.request
    assert enrolment.starts_on == offer.starts_on
    [placement] = enrolment.placements.all()
    assert (placement.slot, placement.starts_on, placement.ends_on) == (offer.slot, offer.starts_on, None)
    assert LessonRequest.objects.get(pk=offer.request_id).status == LessonRequest.Status.PLACED
    # The offer's place is now the pupil's: the slot's count is unchanged.
    assert places_taken(offer.slot, offer.starts_on) == 1


def _state():
    return (
        list(Offer.objects.values_list("status", flat=True)),
        list(LessonRequest.objects.values_list("status", flat=True)),
        Enrolment.objects.count(),
    )


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("accept", "accept", "You have already accepted this place."),
        ("decline", "decline", "You have already declined this place."),
        ("decline", "accept", "You declined this place, so it can no longer be accepted."),
        ("accept", "decline", "You have accepted this place: to stop the lessons, give notice."),
    ],
)
def test_answering_twice_is_refused_with_a_clear_message_and_nothing_changed(
    offer, guardian, first, then, message
):
    answer = {"accept": offers.accept_offer, "decline": offers.decline_offer}
    answer[first](offer=offer, by=guardian.user)
    before = _state()
    with pytest.raises(TuitionError, match=message):
        answer[then](offer=offer, by=guardian.user)
    assert _state() == before


def test_accepting_after_the_offer_expired_is_refused_and_nothing_saved(offer, guardian):
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(
        made_at=now - datetime.timedelta(days=8), expires_at=now - datetime.timedelta(minutes=1)
    )
    before = _state()
    with pytest.raises(TuitionError, match="This offer expired on"):
        offers.accept_offer(offer=offer, by=guardian.user)
    assert _state() == before
    offer_deadlines.expire_offers()
    with pytest.raises(TuitionError, match="This offer expired on"):
        offers.accept_offer(offer=offer, by=guardian.user)


def test_declining_frees_the_place(offer, guardian, second_slot):
    offers.decline_offer(offer=offer, by=guardian.user)
    assert places_taken(second_slot, offer.starts_on) == 0
    assert LessonRequest.objects.get(pk=offer.request_id).status == LessonRequest.Status.DECLINED


def test_withdrawing_an_offered_request_frees_the_place_and_twice_is_refused(offer, guardian, second_slot):
    requests.withdraw_request(lesson_request=offer.request, by=guardian.user)
    assert places_taken(second_slot, offer.starts_on) == 0
    assert LessonRequest.objects.get(pk=offer.request_id).status == LessonRequest.Status.WITHDRAWN
    with pytest.raises(TuitionError, match="This request is already closed: withdrawn."):
        requests.withdraw_request(lesson_request=offer.request, by=guardian.user)


def test_another_family_cannot_withdraw_a_request(waiting, other_guardian):
    with pytest.raises(TuitionError, match="Only the child's parents and carers"):
        requests.withdraw_request(lesson_request=waiting, by=other_guardian.user)
    assert LessonRequest.objects.get(pk=waiting.pk).status == LessonRequest.Status.WAITING


# --- Beat: expiry and reminders -------------------------------------------------------------------------


def test_an_expired_offer_frees_the_place_and_the_child_waits_again_where_they_were(
    offer, slot, second_slot, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    later = ask(stranger_at(slot.school), slot)
    assert later.status == LessonRequest.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        assert offer_deadlines.expire_offers(now=offer.expires_at + datetime.timedelta(seconds=1)) == 1
        assert offer_deadlines.expire_offers(now=offer.expires_at + datetime.timedelta(seconds=2)) == 0
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED and offer.decided_at
    assert places_taken(second_slot, offer.starts_on) == 0
    positions = {row.pk: row.position for row in waiting_list(school=slot.school)}
    assert positions == {offer.request_id: 1, later.pk: 2}
    [mail] = [m for m in mailoutbox if "lapsed" in m.subject]
    assert "back on the waiting list for Violin where they were, at position 1" in mail.body


def test_a_reminder_goes_once_shortly_before_expiry(offer, mailoutbox, django_capture_on_commit_callbacks):
    early = offer.expires_at - datetime.timedelta(days=3)
    soon = offer.expires_at - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert offer_deadlines.remind_offers(now=early) == 0
        assert offer_deadlines.remind_offers(now=soon) == 1
        assert offer_deadlines.remind_offers(now=soon + datetime.timedelta(hours=1)) == 0
    offer.refresh_from_db()
    assert offer.reminded_at == soon
    assert [m.subject for m in mailoutbox if "Reminder" in m.subject] == [
        "[Northshire Music Hub] Reminder: Amira's place in Violin lessons"
    ]


def test_the_beat_tasks_are_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tuition.tasks.expire_offers", "tuition.tasks.remind_offers"} <= tasks


# --- Two families, one last place -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_families_taking_the_last_place_at_once_one_is_offered_it_the_other_waits():
    year = academic_year(2026)
    slot = TeachingSlotFactory(lesson_type__academic_year=year, capacity=2)
    enrol(factories.PupilFactory(school=slot.school), slot, starts_on=datetime.date(2026, 9, 8))
    children = [stranger_at(slot.school) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def take(child):
        try:
            barrier.wait()
            outcomes.append(ask(child, slot).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [LessonRequest.Status.OFFERED, LessonRequest.Status.WAITING]
    assert Offer.objects.filter(slot=slot, status=Offer.Status.OPEN).count() == 1


def test_a_place_taken_from_a_later_day_is_not_free_before_it(child, slot):
    enrol(stranger_at(slot.school), slot, starts_on=datetime.date(2027, 1, 5))
    assert ask(child, slot).status == LessonRequest.Status.WAITING


def test_a_place_freed_by_a_leaver_before_the_first_lesson_is_free(child, slot):
    enrolment = enrol(stranger_at(slot.school), slot, starts_on=datetime.date(2026, 9, 8))
    enrolment.placements.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert ask(child, slot).status == LessonRequest.Status.OFFERED


def test_the_beat_tasks_expire_and_remind_through_celery(offer):
    from tuition import tasks

    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert tasks.remind_offers.delay().get() == 1
    Offer.objects.filter(pk=offer.pk).update(
        made_at=timezone.now() - datetime.timedelta(days=8), expires_at=timezone.now()
    )
    assert tasks.expire_offers.delay().get() == 1
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.EXPIRED


def test_requests_for_a_music_centre_queue_among_themselves(db):
    """A request for no school (a music centre) has a place in the centre's queue, as a school's has."""
    from tests.tuition_factories import LessonRequestFactory
    from tuition.selectors.waiting_lists import position_in_queue

    now = timezone.now()
    first = LessonRequestFactory(school=None, requested_at=now - datetime.timedelta(days=2))
    second = LessonRequestFactory(school=None, requested_at=now, instrument=first.instrument)
    at_school = LessonRequestFactory(
        instrument=first.instrument, requested_at=now - datetime.timedelta(days=9)
    )
    positions = dict(
        LessonRequest.objects.annotate(position=position_in_queue()).values_list("pk", "position")
    )
    assert positions == {first.pk: 1, second.pk: 2, at_school.pk: 1}
    staff_list = {row.pk: row.position for row in waiting_list(instrument=first.instrument)}
    assert staff_list == positions
    # The offer's page counts one request's place in SQL of its own: the same places.
    from tuition.selectors.waiting_lists import get_waiting_request

    offer_pages = {row.pk: get_waiting_request(row.public_id).position for row in (first, second, at_school)}
    assert offer_pages == positions
