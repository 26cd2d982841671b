"""The access matrix of lesson setup (Section.LESSONS: the hub admin) and registers (Section.REGISTERS:
the hub admin and tutors). A tutor reaches only their own slots' lessons and timetable; another tutor's
answer 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.access import LOGIN, ROLES, check_matrix
from tests.tuition_factories import enrol, slot_teaching_on, tutor_profile
from tuition.models import Attendance

LESSONS = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}
REGISTERS = {"anonymous": LOGIN, "Hub admin": 200, "Tutor": 200, "default": 403}
THEIRS = {"anonymous": LOGIN, "Hub admin": 200, "Tutor": 404, "default": 403}

MATRIX = {
    "tuition:lesson-type-list": (None, LESSONS),
    "tuition:lesson-type-list-year": ("year", LESSONS),
    "tuition:lesson-type-add": ("year", LESSONS),
    "tuition:lesson-type-edit": ("lesson_type", LESSONS),
    "tuition:slot-list": (None, LESSONS),
    "tuition:slot-add": ("year", LESSONS),
    "tuition:slot-edit": ("own_slot", LESSONS),
    "tuition:slot-deactivate": ("own_slot", {**LESSONS, "Hub admin": 405}),
    "tuition:staff-enrolment-register": ("enrolment", LESSONS),
    "tuition:today": (None, REGISTERS),
    "tuition:register-list": (None, REGISTERS),
    "tuition:register": ("own_lesson", REGISTERS),
    "tuition:register@other": ("other_lesson", THEIRS),
    "tuition:register@not-a-lesson-day": ("no_lesson", {**REGISTERS, "Hub admin": 404, "Tutor": 404}),
    "tuition:mark": ("own_lesson", {**REGISTERS, "Hub admin": 405, "Tutor": 405}),
    "tuition:tutor-timetable": ("own_tutor", REGISTERS),
    "tuition:tutor-timetable@other": ("other_tutor", THEIRS),
}


@pytest.fixture
def lessons(tutor):
    today = timezone.localdate()
    own = slot_teaching_on(today, tutor=tutor.staff_profile, starts_at=datetime.time(9, 0))
    other = slot_teaching_on(today, tutor=tutor_profile(), starts_at=datetime.time(9, 0))
    theirs = enrol(factories.PupilFactory(), other, starts_on=today)
    return own, other, theirs


@pytest.fixture
def url_kwargs(lessons):
    own, other, theirs = lessons
    today = timezone.localdate()
    return {
        "year": {"year": own.academic_year.start_year},
        "lesson_type": {"public_id": own.lesson_type.public_id},
        "own_slot": {"public_id": own.public_id},
        "enrolment": {"public_id": theirs.public_id},
        "own_lesson": {"public_id": own.public_id, "day": today},
        "other_lesson": {"public_id": other.public_id, "day": today},
        "no_lesson": {"public_id": own.public_id, "day": today + datetime.timedelta(days=1)},
        "own_tutor": {"public_id": own.tutor.public_id},
        "other_tutor": {"public_id": other.tutor.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("Hub admin", "Tutor")])
def test_no_one_else_can_post_a_mark(client, people, lessons, role):
    _own, other, theirs = lessons
    url = reverse("tuition:mark", kwargs={"public_id": other.public_id, "day": timezone.localdate()})
    if role != "anonymous":
        client.force_login(people[role])
    response = client.post(url, {"enrolment": theirs.public_id, "code": "present"})
    assert response.status_code == (LOGIN if role == "anonymous" else 403)
    assert not Attendance.objects.exists()
