"""Access matrix of the lesson requests: a family's pages for their own children (another family's child,
request or offer answers 404), and the waiting lists for the staff who run lessons."""

import pytest
from django.urls import reverse

from tests.access import LOGIN, ROLES, check_matrix
from tests.tuition_factories import LessonRequestFactory, OfferFactory, TeachingSlotFactory

FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIRS = {"anonymous": LOGIN, "guardian": 404, "default": 403}
LESSONS_STAFF = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}

MATRIX = {
    "tuition:family-lessons": (None, FAMILY),
    "tuition:lessons-request": ("own_child", FAMILY),
    "tuition:lessons-request@other": ("other_child", NOT_THEIRS),
    "tuition:request-withdraw": ("own_request", FAMILY),
    "tuition:request-withdraw@other": ("other_request", NOT_THEIRS),
    "tuition:offer": ("own_offer", FAMILY),
    "tuition:offer@other": ("other_offer", NOT_THEIRS),
    "tuition:waiting-list": (None, LESSONS_STAFF),
    "tuition:offer-make": ("own_request", LESSONS_STAFF),
}


@pytest.fixture
def url_kwargs(year, child, other_child):
    own_slot = TeachingSlotFactory(school=child.school)
    other_slot = TeachingSlotFactory(school=other_child.school, lesson_type=own_slot.lesson_type)
    own = LessonRequestFactory(
        pupil=child, instrument=own_slot.instrument, lesson_type=own_slot.lesson_type, status="offered"
    )
    other = LessonRequestFactory(
        pupil=other_child,
        instrument=other_slot.instrument,
        lesson_type=own_slot.lesson_type,
        status="offered",
    )
    own_offer = OfferFactory(request=own, slot=own_slot)
    other_offer = OfferFactory(request=other, slot=other_slot)
    return {
        "own_child": {"public_id": child.public_id},
        "other_child": {"public_id": other_child.public_id},
        "own_request": {"public_id": own.public_id},
        "other_request": {"public_id": other.public_id},
        "own_offer": {"public_id": own_offer.public_id},
        "other_offer": {"public_id": other_offer.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_a_family_cannot_answer_or_withdraw_another_familys_offer_or_request(client, people, url_kwargs):
    client.force_login(people["guardian"])
    other_offer = reverse("tuition:offer", kwargs=url_kwargs["other_offer"])
    assert client.post(other_offer, {"answer": "accept"}).status_code == 404
    other_request = reverse("tuition:request-withdraw", kwargs=url_kwargs["other_request"])
    assert client.post(other_request).status_code == 404
    other_child = reverse("tuition:lessons-request", kwargs=url_kwargs["other_child"])
    assert client.post(other_child, {"accept_terms": "on"}).status_code == 404


def test_staff_without_the_lessons_role_cannot_offer_a_place(client, people, url_kwargs):
    client.force_login(people["Tutor"])
    url = reverse("tuition:offer-make", kwargs=url_kwargs["own_request"])
    assert client.post(url, {}).status_code == 403
