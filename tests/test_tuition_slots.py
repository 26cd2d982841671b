"""Lesson setup: lesson types and fees per year, and tutors' teaching slots (one place at a time)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent
from tests import factories
from tests.error_pattern import field_error_html
from tests.tuition_factories import (
    LessonTypeFactory,
    TeachingSlotFactory,
    academic_year,
    enrol,
    group_lesson_type,
    tutor_profile,
)
from tuition.errors import TuitionError
from tuition.models import LessonType, Placement, TeachingSlot
from tuition.services import slots as services
from tuition.services.slots import PUPIL_CLASH, TUTOR_CLASH, SlotError
from tuition.views import setup as setup_views

pytestmark = pytest.mark.django_db

LESSON_TYPE = {
    "name": "Pairs, 30 minutes",
    "format": LessonType.Format.SHARED,
    "min_pupils": 2,
    "max_pupils": 2,
    "minutes": 30,
    "lessons_per_term": 10,
    "lessons_per_year": 30,
    "termly_fee": Decimal("95.00"),
}


def slot_data(slot=None, **changes) -> dict:
    """What the slot form hands the services: a slot's fields, changed as the test needs."""
    base = slot or TeachingSlotFactory.build()
    data = {name: getattr(base, name) for name in services.SLOT_FIELDS}
    return {**data, **changes}


def test_a_lesson_type_is_added_to_a_year_and_audited(hub_admin):
    year = academic_year(2026)
    lesson_type = services.create_lesson_type(academic_year=year, data=LESSON_TYPE, by=hub_admin)
    assert lesson_type.academic_year == year and lesson_type.termly_fee == Decimal("95.00")
    assert AuditEvent.objects.filter(
        object_id=str(lesson_type.pk), action="created", actor=hub_admin
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"format": LessonType.Format.INDIVIDUAL}, "max_pupils", "An individual lesson is for one pupil"),
        ({"min_pupils": 3}, "max_pupils", "The largest group must be at least the smallest"),
        ({"lessons_per_year": 9}, "lessons_per_year", "A year guarantees at least as many lessons"),
    ],
)
def test_a_lesson_type_that_breaks_a_rule_is_refused_at_its_field(hub_admin, changes, field, message):
    with pytest.raises(SlotError, match=message) as refused:
        services.create_lesson_type(
            academic_year=academic_year(2026), data={**LESSON_TYPE, **changes}, by=hub_admin
        )
    assert refused.value.field == field
    assert not LessonType.objects.exists()


def test_a_second_lesson_type_of_the_same_name_in_a_year_is_refused(hub_admin):
    year = academic_year(2026)
    services.create_lesson_type(academic_year=year, data=LESSON_TYPE, by=hub_admin)
    with pytest.raises(SlotError, match="already has a lesson type of that name"):
        services.create_lesson_type(
            academic_year=year, data={**LESSON_TYPE, "name": "PAIRS, 30 minutes"}, by=hub_admin
        )
    # Next year may use the name again.
    services.create_lesson_type(academic_year=academic_year(2027), data=LESSON_TYPE, by=hub_admin)


def test_a_lesson_type_cannot_shrink_below_a_slot_of_its_own(hub_admin):
    lesson_type = group_lesson_type()
    TeachingSlotFactory(lesson_type=lesson_type, capacity=4)
    data = {name: getattr(lesson_type, name) for name in services.LESSON_TYPE_FIELDS}
    with pytest.raises(SlotError, match="has room for 4") as refused:
        services.update_lesson_type(lesson_type=lesson_type, data={**data, "max_pupils": 3}, by=hub_admin)
    assert refused.value.field == "max_pupils"
    lesson_type.refresh_from_db()
    assert lesson_type.max_pupils == 4


def test_a_fee_change_is_saved_and_audited_with_before_and_after(hub_admin):
    lesson_type = LessonTypeFactory(termly_fee=Decimal("150.00"))
    data = {name: getattr(lesson_type, name) for name in services.LESSON_TYPE_FIELDS}
    services.update_lesson_type(
        lesson_type=lesson_type, data={**data, "termly_fee": Decimal("160.00")}, by=hub_admin
    )
    event = AuditEvent.objects.get(object_id=str(lesson_type.pk), action="updated")
    assert event.changes == {"termly_fee": ["150.00", "160.00"]}


def test_a_slot_is_created_for_a_tutor(hub_admin):
    lesson_type = group_lesson_type()
    data = slot_data(
        lesson_type=lesson_type, tutor=tutor_profile(), school=factories.SchoolFactory(), capacity=3
    )
    data["instrument"] = factories.InstrumentTypeFactory(name="Flute", slug="flute")
    slot = services.create_slot(academic_year=lesson_type.academic_year, data=data, by=hub_admin)
    assert slot.is_active and slot.capacity == 3
    assert AuditEvent.objects.filter(object_id=str(slot.pk), action="created").exists()


def test_an_overlapping_slot_for_the_same_tutor_is_refused_at_the_start_time(hub_admin):
    slot = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    data = slot_data(slot, starts_at=datetime.time(10, 15), ends_at=datetime.time(10, 45))
    with pytest.raises(SlotError, match=TUTOR_CLASH) as refused:
        services.create_slot(academic_year=slot.academic_year, data=data, by=hub_admin)
    assert refused.value.field == "starts_at"
    assert str(refused.value) == f"{TUTOR_CLASH}: 10:00 to 10:30, Violin at {slot.school.name}."
    assert TeachingSlot.objects.count() == 1
    assert not AuditEvent.objects.filter(action="created", object_repr__contains="10:15").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": 5}, "capacity", "is for groups of 2 to 4 pupils"),
        ({"capacity": 1}, "capacity", "is for groups of 2 to 4 pupils"),
        ({"ends_at": datetime.time(9, 0)}, "ends_at", "must end after it starts"),
        ({"music_centre": "Northshire Music Centre"}, "school", "a school or a music centre, not both"),
        (
            {"school": None, "school_pays": True, "music_centre": "Centre"},
            "school_pays",
            "Only a slot at a school",
        ),
    ],
)
def test_a_slot_that_breaks_a_rule_is_refused_at_its_field(hub_admin, changes, field, message):
    lesson_type = group_lesson_type()
    data = slot_data(
        lesson_type=lesson_type,
        tutor=tutor_profile(),
        **{
            "school": factories.SchoolFactory(),
            "starts_at": datetime.time(9, 30),
            "ends_at": datetime.time(10, 15),
            "capacity": 4,
            **changes,
        },
    )
    data["instrument"] = factories.InstrumentTypeFactory(name="Flute", slug="flute")
    with pytest.raises(SlotError, match=message) as refused:
        services.create_slot(academic_year=lesson_type.academic_year, data=data, by=hub_admin)
    assert refused.value.field == field
    assert not TeachingSlot.objects.exists()


def test_a_slot_needs_a_tutor_and_a_lesson_type_of_its_year(hub_admin, finance):
    lesson_type = group_lesson_type()
    data = slot_data(
        lesson_type=lesson_type, tutor=finance.staff_profile, school=factories.SchoolFactory(), capacity=2
    )
    data["instrument"] = factories.InstrumentTypeFactory(name="Flute", slug="flute")
    with pytest.raises(SlotError, match="is not a tutor"):
        services.create_slot(academic_year=lesson_type.academic_year, data=data, by=hub_admin)
    data["tutor"] = tutor_profile()
    with pytest.raises(SlotError, match="lesson type of the slot's academic year") as refused:
        services.create_slot(academic_year=academic_year(2027), data=data, by=hub_admin)
    assert refused.value.field == "lesson_type"


def test_moving_a_slot_moves_its_pupils_and_refuses_a_pupil_in_two_lessons(hub_admin):
    today = timezone.localdate()
    slot = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    pupil = factories.PupilFactory()
    enrol(pupil, slot, starts_on=today)
    services.update_slot(
        slot=slot,
        data=slot_data(slot, starts_at=datetime.time(11, 0), ends_at=datetime.time(11, 30)),
        by=hub_admin,
    )
    assert Placement.objects.get().starts_at == datetime.time(11, 0)
    other = TeachingSlotFactory(
        starts_at=datetime.time(13, 0),
        ends_at=datetime.time(13, 30),
        instrument__name="Flute",
        instrument__slug="flute",
    )
    enrol(pupil, other, starts_on=today)
    with pytest.raises(SlotError, match=PUPIL_CLASH):
        services.update_slot(
            slot=slot,
            data=slot_data(slot, starts_at=datetime.time(13, 15), ends_at=datetime.time(13, 45)),
            by=hub_admin,
        )
    slot.refresh_from_db()
    assert slot.starts_at == datetime.time(11, 0)


def test_a_slot_keeps_room_for_the_pupils_placed_in_it(hub_admin):
    slot = TeachingSlotFactory(lesson_type=group_lesson_type(), capacity=3)
    for _ in range(3):
        enrol(factories.PupilFactory(), slot, starts_on=timezone.localdate())
    with pytest.raises(SlotError, match="3 pupils are placed") as refused:
        services.update_slot(slot=slot, data=slot_data(slot, capacity=2), by=hub_admin)
    assert refused.value.field == "capacity"


def test_a_slot_with_pupils_cannot_be_taken_out_but_an_empty_one_frees_its_time(hub_admin):
    slot = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    enrolment = enrol(factories.PupilFactory(), slot, starts_on=timezone.localdate())
    with pytest.raises(TuitionError, match="move them to another slot first"):
        services.deactivate_slot(slot=slot, by=hub_admin)
    today = timezone.localdate()
    Placement.objects.filter(enrolment=enrolment).update(
        starts_on=today - datetime.timedelta(days=9), ends_on=today - datetime.timedelta(days=1)
    )
    services.deactivate_slot(slot=slot, by=hub_admin)
    with pytest.raises(TuitionError, match="already out of the timetable"):
        services.deactivate_slot(slot=slot, by=hub_admin)
    services.create_slot(academic_year=slot.academic_year, data=slot_data(slot), by=hub_admin)


# --- The pages ---------------------------------------------------------------------------------------------


def test_adding_an_overlapping_slot_shows_the_clash_next_to_the_start_time(client, hub_admin):
    slot = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    client.force_login(hub_admin)
    response = client.post(
        reverse("tuition:slot-add", kwargs={"year": slot.academic_year.start_year}),
        {
            "tutor": slot.tutor.pk,
            "school": f"{slot.school.name} ({slot.school.urn})",
            "instrument": slot.instrument.pk,
            "lesson_type": slot.lesson_type.pk,
            "weekday": slot.weekday,
            "starts_at": "10:15",
            "ends_at": "10:45",
            "capacity": 1,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'id="id_starts_at_error"' in html and TUTOR_CLASH in html
    assert 'aria-invalid="true"' in html
    assert TeachingSlot.objects.count() == 1


def test_the_slot_list_and_lesson_types_take_a_fixed_number_of_queries(
    client, hub_admin, django_assert_max_num_queries
):
    year = academic_year(2026)
    for n in range(12):
        lesson_type = LessonTypeFactory(academic_year=year, name=f"Type {n}")
        TeachingSlotFactory(lesson_type=lesson_type, weekday=n % 5)
    client.force_login(hub_admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("tuition:slot-list"), {"year": year.pk}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("tuition:lesson-type-list-year", kwargs={"year": 2026})).status_code == 200


def test_the_slot_list_shows_a_page_at_a_time(client, hub_admin, monkeypatch):
    monkeypatch.setattr(setup_views, "SLOTS_PER_PAGE", 5)
    year = academic_year(2026)
    lesson_type = LessonTypeFactory(academic_year=year, name="Type")
    for n in range(12):
        TeachingSlotFactory(lesson_type=lesson_type, weekday=n % 5)
    client.force_login(hub_admin)
    html = client.get(reverse("tuition:slot-list"), {"year": year.pk, "page": 3}).content.decode()
    assert "Page 3 of 3" in html and html.count('">Change<span class="visually-hidden">') == 2


def test_the_slot_list_finds_a_school_by_part_of_its_name_or_urn_and_a_tutor_from_the_list(client, hub_admin):
    year = academic_year(2026)
    lesson_type = LessonTypeFactory(academic_year=year, name="Type")
    ours = TeachingSlotFactory(
        lesson_type=lesson_type, school=factories.SchoolFactory(name="Quayside Primary")
    )
    theirs = TeachingSlotFactory(lesson_type=lesson_type)
    client.force_login(hub_admin)
    url = reverse("tuition:slot-list")
    edit = reverse("tuition:slot-edit", kwargs={"public_id": ours.public_id})
    for query in ({"school": "quaysi"}, {"school": str(ours.school.urn)}, {"tutor": ours.tutor_id}):
        html = client.get(url, {"year": year.pk, **query}).content.decode()
        assert f'href="{edit}"' in html and str(theirs.public_id) not in html
    refused = client.get(url, {"year": year.pk, "tutor": "999999"}).content.decode()
    assert field_error_html("id_tutor", "Choose one from the list.") in refused


def test_a_tutors_timetable_lists_their_slots_by_day(client, hub_admin):
    slot = TeachingSlotFactory(weekday=3, starts_at=datetime.time(14, 0), ends_at=datetime.time(14, 30))
    enrol(factories.PupilFactory(first_name="Zara", last_name="Quinn"), slot, starts_on=timezone.localdate())
    client.force_login(hub_admin)
    url = reverse("tuition:tutor-timetable", kwargs={"public_id": slot.tutor.public_id})
    html = client.get(url, {"year": 2026}).content.decode()
    assert "Thursday" in html and "14:00 to 14:30" in html and "Zara Quinn" in html


def test_current_of_picks_the_year_today_falls_in_as_current_academic_year_does(monkeypatch):
    from hub import selectors as hub_selectors

    years = [academic_year(2027), academic_year(2026), academic_year(2025)]
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2027, 1, 10))
    assert hub_selectors.current_of(years) == hub_selectors.current_academic_year() == years[1]
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2020, 1, 10))
    assert hub_selectors.current_of(years) == hub_selectors.current_academic_year() == years[2]
    assert hub_selectors.current_of([]) is None
