"""The access matrix: every portal URL for every kind of user, with the status each must get.

404 for another tenant's object (it does not reveal the object exists), 403 for a missing role,
a redirect to sign in for strangers. A new view is not done until it is in MATRIX.
"""

import importlib
import pkgutil
import time
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from hub.access import staff_roles
from hub.models import StaffRole, User
from hub.portal.dashboard import figures_for
from schools.selectors.people import can_see_equality
from tests.access import LOGIN, ROLES, STAFF, check_matrix
from tests.conftest import record_sign_in
from tests.factories import PASSWORD, make_staff

# url name -> (kwargs key, {role: status}); roles not named get `default`.
MATRIX = {
    "hub:home": (None, {"anonymous": 200, "default": 302}),
    "hub:account": (None, {"anonymous": LOGIN, "default": 200}),
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


PORTAL_NAMESPACES = ("hub", "schools", "billing", "bills", "tuition", "instruments", "ensembles")


def _portal_url_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in PORTAL_NAMESPACES:
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
    client.force_login(make_staff(*STAFF, mfa=False))
    for path in ["/staff/", "/staff/schools/", f"/staff/schools/{school.urn}/", "/staff/audit/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_activate_totp"), path


def test_equality_data_shows_only_to_the_inclusion_lead_not_to_a_superuser_hub_admin(
    client, child, staff_groups, inclusion_lead
):
    superuser = make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)
    url = reverse("schools:staff-pupil-detail", kwargs={"public_id": child.public_id})
    client.force_login(superuser)
    response = client.get(url)
    assert b"White - British" not in response.content
    assert b"Equality data is visible only to the inclusion lead." in response.content
    assert not can_see_equality(superuser)
    client.force_login(inclusion_lead)
    assert b"White - British" in client.get(url).content


def test_equality_figures_follow_the_permission_not_the_role_name(client, inclusion_lead):
    assert StaffRole.INCLUSION_LEAD in figures_for(inclusion_lead, staff_roles(inclusion_lead))
    Group.objects.get(name=StaffRole.INCLUSION_LEAD).permissions.clear()
    lead = User.objects.get(pk=inclusion_lead.pk)
    assert StaffRole.INCLUSION_LEAD not in figures_for(lead, staff_roles(lead))
    superuser = make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)
    assert StaffRole.INCLUSION_LEAD not in figures_for(superuser, staff_roles(superuser))


def test_a_staff_session_signed_in_with_a_password_alone_is_asked_for_a_code(client, staff_groups):
    superuser = make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)
    # What the admin site's own password form used to leave behind: a sign-in without the code.
    Client.force_login(client, superuser)
    record_sign_in(client, superuser, [{"method": "password", "at": time.time(), "email": superuser.email}])
    for path in ["/staff/", "/staff/people/", "/admin/", "/admin/schools/pupil/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{reverse('mfa_reauthenticate')}?next={quote(path, safe='')}", path
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Confirm it's you with a code from your authenticator app." in messages


def test_a_back_office_account_with_no_staff_role_also_needs_two_factor(client, staff_groups):
    back_office = make_staff(is_staff=True, mfa=False)
    client.force_login(back_office)
    assert client.get("/admin/").url == reverse("mfa_activate_totp")
    Authenticator.objects.create(user=back_office, type=Authenticator.Type.TOTP, data={"secret": "x"})
    Client.force_login(client, back_office)
    assert client.get("/admin/").url.startswith(reverse("mfa_reauthenticate"))


def test_the_admin_sign_in_page_hands_over_to_the_portal_sign_in(client, staff_groups):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fadmin%2F"
    # Its password form is gone: posting a correct password to it signs nobody in.
    superuser = make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)
    fresh = Client()
    fresh.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session
    assert client.get("/admin/").url == f"{reverse('admin:login')}?next=/admin/"
