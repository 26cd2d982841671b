"""Access matrix: remission categories and the queue of applications for Section.REMISSIONS (hub admin,
finance); a family's application for their own child (another family's answers 404)."""

import pytest
from django.urls import reverse

from tests.access import LOGIN, ROLES, check_matrix
from tests.tuition_factories import RemissionAwardFactory, RemissionCategoryFactory

REMISSIONS = {"anonymous": LOGIN, "Hub admin": 200, "Finance": 200, "default": 403}
OWN_CHILD = {"anonymous": LOGIN, "guardian": 200, "default": 403}
OTHER_CHILD = {"anonymous": LOGIN, "guardian": 404, "default": 403}
NO_SUCH = {"anonymous": LOGIN, "Hub admin": 404, "Finance": 404, "default": 403}

MATRIX = {
    "schools:remission-apply": ("own_child", OWN_CHILD),
    "schools:remission-apply@other": ("other_child", OTHER_CHILD),
    "schools:remission-queue": (None, REMISSIONS),
    "schools:remission-detail": ("award", REMISSIONS),
    "schools:remission-detail@missing": ("no_award", NO_SUCH),
    "schools:remission-category-list": (None, REMISSIONS),
    "schools:remission-category-add": (None, REMISSIONS),
    "schools:remission-category-edit": ("category", REMISSIONS),
    "schools:remission-category-edit@missing": ("no_category", NO_SUCH),
}


@pytest.fixture
def url_kwargs(year, child, other_child):
    category = RemissionCategoryFactory()
    award = RemissionAwardFactory(pupil=other_child, category=category, academic_year=year, status="pending")
    return {
        "own_child": {"public_id": child.public_id},
        "other_child": {"public_id": other_child.public_id},
        "award": {"public_id": award.public_id},
        "no_award": {"public_id": "00000000-0000-4000-8000-000000000000"},
        "category": {"pk": category.pk},
        "no_category": {"pk": category.pk + 1000},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


@pytest.mark.parametrize("role", ["Tutor", "Inclusion lead", "guardian", "contact"])
def test_deciding_and_keeping_categories_need_the_remissions_role(client, people, url_kwargs, role):
    client.force_login(people[role])
    decide = reverse("schools:remission-detail", kwargs=url_kwargs["award"])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert client.post(reverse("schools:remission-category-add"), {"name": "X"}).status_code == 403


def test_staff_cannot_apply_for_a_child(client, people, url_kwargs):
    client.force_login(people["Hub admin"])
    assert client.post(reverse("schools:remission-apply", kwargs=url_kwargs["own_child"])).status_code == 403


def test_the_navigation_offers_remissions_to_their_staff_only(client, people):
    for role, shown in [("Hub admin", True), ("Finance", True), ("Tutor", False), ("guardian", False)]:
        client.force_login(people[role])
        page = client.get(reverse("hub:account")).content.decode()
        assert (f'href="{reverse("schools:remission-queue")}">Remissions</a>' in page) is shown, role
