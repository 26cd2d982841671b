"""The database itself keeps a tutor, and a pupil, in one lesson at a time."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from hub.models import ClosureDay, TermBreak
from tests import factories
from tests.tuition_factories import TeachingSlotFactory, academic_year, enrol
from tuition.schedule import lesson_dates

pytestmark = pytest.mark.django_db


def test_a_tutor_cannot_teach_two_overlapping_slots():
    slot = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    with pytest.raises(IntegrityError, match="tutor_in_one_slot_at_a_time"), transaction.atomic():
        TeachingSlotFactory(
            tutor=slot.tutor,
            lesson_type=slot.lesson_type,
            starts_at=datetime.time(10, 15),
            ends_at=datetime.time(10, 45),
        )
    # Back to back is fine, and so is another day.
    TeachingSlotFactory(tutor=slot.tutor, starts_at=datetime.time(10, 30), ends_at=datetime.time(11, 0))
    TeachingSlotFactory(
        tutor=slot.tutor, weekday=2, starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30)
    )


def test_a_pupil_cannot_be_in_two_lessons_at_once():
    pupil = factories.PupilFactory()
    first = TeachingSlotFactory(starts_at=datetime.time(10, 0), ends_at=datetime.time(10, 30))
    second = TeachingSlotFactory(
        starts_at=datetime.time(10, 15),
        ends_at=datetime.time(10, 45),
        instrument__name="Flute",
        instrument__slug="flute",
    )
    enrol(pupil, first, starts_on=datetime.date(2026, 9, 3))
    with pytest.raises(IntegrityError, match="pupil_in_one_lesson_at_a_time"), transaction.atomic():
        enrol(pupil, second, starts_on=datetime.date(2026, 10, 1))


def test_lesson_dates_skip_half_term_and_closures():
    year = academic_year(2026)
    autumn = year.terms.get(kind="autumn")
    TermBreak.objects.create(
        term=autumn, starts_on=datetime.date(2026, 10, 26), ends_on=datetime.date(2026, 10, 30)
    )
    ClosureDay.objects.create(academic_year=year, date=datetime.date(2026, 9, 15), reason="Training day")
    slot = TeachingSlotFactory(weekday=1)
    dates = lesson_dates(slot, autumn)
    assert dates[0] == datetime.date(2026, 9, 8)
    assert datetime.date(2026, 9, 15) not in dates
    assert datetime.date(2026, 10, 27) not in dates
    assert dates[-1] == datetime.date(2026, 12, 15)
    assert len(dates) == 13
