"""The enrolments' access matrix: a family's own lessons (404 for another family's), staff's pages by role."""

import datetime

import pytest

from tests.access import LOGIN, ROLES, check_matrix
from tests.tuition_factories import TeachingSlotFactory, academic_year, enrol

LESSONS = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}
LESSONS_POST = {"anonymous": LOGIN, "Hub admin": 405, "default": 403}
OWN_FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
OTHER_FAMILY = {"anonymous": LOGIN, "guardian": 404, "default": 403}

MATRIX = {
    "tuition:family-enrolment": ("own", OWN_FAMILY),
    "tuition:family-enrolment@other": ("other", OTHER_FAMILY),
    "tuition:give-notice": ("own", OWN_FAMILY),
    "tuition:give-notice@other": ("other", OTHER_FAMILY),
    "tuition:staff-enrolment-list": (None, LESSONS),
    "tuition:staff-enrolment": ("own", LESSONS),
    "tuition:staff-enrolment-move": ("own", LESSONS_POST),
    "tuition:staff-reenrolment": ("year", LESSONS),
    "tuition:staff-reenrol": ("year_and_own", LESSONS),
    "tuition:staff-reenrol-stayers": ("year", LESSONS_POST),
    "tuition:staff-reenrolment-run": ("year", LESSONS_POST),
}


@pytest.fixture
def url_kwargs(child, other_child):
    academic_year(2026)
    slot = TeachingSlotFactory()
    own = enrol(child, slot, starts_on=datetime.date(2026, 9, 8))
    other = enrol(other_child, TeachingSlotFactory(), starts_on=datetime.date(2026, 9, 8))
    return {
        "own": {"public_id": own.public_id},
        "other": {"public_id": other.public_id},
        "year": {"start_year": 2026},
        "year_and_own": {"start_year": 2026, "public_id": own.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
