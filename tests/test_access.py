"""The access matrix: every portal URL for every kind of user, with the status each must get.

404 for another tenant's object (it does not reveal the object exists), 403 for a missing role,
a redirect to sign in for strangers. A new view is not done until it is in MATRIX.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import LOGIN, ROLES, STAFF, check_matrix

# url name -> (kwargs key, {role: status}); roles not named get `default`.
MATRIX = {
    "hub:home": (None, {"anonymous": 200, "default": 302}),
    "hub:family-home": (None, {"anonymous": LOGIN, "guardian": 200, "default": 403}),
    "hub:guardian-details": (None, {"anonymous": LOGIN, "guardian": 200, "default": 403}),
    "hub:staff-home": (None, {"anonymous": LOGIN, "guardian": 403, "contact": 403, "default": 200}),
    "hub:staff-list": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "hub:staff-invite": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "hub:staff-edit": ("staff", {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "hub:audit-log": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "hub:invitation-accept": ("bad_token", {"default": 410}),
    "hub:accessibility": (None, {"default": 200}),
    "hub:privacy": (None, {"default": 200}),
    "schools:contact-home": (None, {"anonymous": LOGIN, "contact": 200, "default": 403}),
    "schools:school-detail": ("own_school", {"anonymous": LOGIN, "contact": 200, "default": 404}),
    "schools:school-detail@other": ("other_school", {"anonymous": LOGIN, "default": 404}),
    "schools:child-add": (None, {"anonymous": LOGIN, "guardian": 200, "default": 403}),
    "schools:child-detail": ("own_child", {"anonymous": LOGIN, "guardian": 200, "default": 403}),
    "schools:child-detail@other": ("other_child", {"anonymous": LOGIN, "guardian": 404, "default": 403}),
    "schools:child-edit": ("own_child", {"anonymous": LOGIN, "guardian": 200, "default": 403}),
    "schools:child-edit@other": ("other_child", {"anonymous": LOGIN, "guardian": 404, "default": 403}),
    "schools:staff-school-list": (
        None,
        {
            "anonymous": LOGIN,
            "Hub admin": 200,
            "Finance": 200,
            "Inclusion lead": 200,
            "Tutor": 200,
            "default": 403,
        },
    ),
    "schools:staff-school-detail": (
        "own_school",
        {
            "anonymous": LOGIN,
            "Hub admin": 200,
            "Finance": 200,
            "Inclusion lead": 200,
            "Tutor": 200,
            "default": 403,
        },
    ),
    "schools:contact-invite": ("own_school", {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "schools:staff-pupil-list": (
        None,
        {"anonymous": LOGIN, "Hub admin": 200, "Inclusion lead": 200, "default": 403},
    ),
    "schools:staff-pupil-detail": (
        "own_child",
        {"anonymous": LOGIN, "Hub admin": 200, "Inclusion lead": 200, "default": 403},
    ),
}


def _portal_url_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in ("hub", "schools", "billing"):
            names |= {f"{entry.namespace}:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern)}
    return names


def _all_matrices() -> set[str]:
    names = set()
    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("test_access"):
            matrix = getattr(importlib.import_module(f"tests.{module.name}"), "MATRIX", {})
            names |= {key.split("@")[0] for key in matrix}
    return names


def test_every_portal_url_is_in_a_matrix():
    assert _portal_url_names() - _all_matrices() == set(), "URLs missing from every access matrix"
    assert _all_matrices() - _portal_url_names() == set(), "matrix entries for URLs that do not exist"


@pytest.fixture
def url_kwargs(child, other_child, school, other_school, tutor):
    return {
        "staff": {"public_id": tutor.staff_profile.public_id},
        "bad_token": {"token": "not-a-real-invitation"},
        "own_school": {"urn": school.urn},
        "other_school": {"urn": other_school.urn},
        "own_child": {"public_id": child.public_id},
        "other_child": {"public_id": other_child.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_staff_without_two_factor_are_sent_to_set_it_up_from_every_staff_page(client, staff_groups, school):
    from tests.factories import make_staff

    client.force_login(make_staff(*STAFF, mfa=False))
    for path in ["/staff/", "/staff/schools/", f"/staff/schools/{school.urn}/", "/staff/audit/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_activate_totp"), path


def test_equality_data_shows_only_to_the_inclusion_lead(client, child, hub_admin, inclusion_lead):
    url = reverse("schools:staff-pupil-detail", kwargs={"public_id": child.public_id})
    client.force_login(hub_admin)
    response = client.get(url)
    assert b"White - British" not in response.content
    assert b"Equality data is visible only to the inclusion lead." in response.content
    client.force_login(inclusion_lead)
    assert b"White - British" in client.get(url).content
