"""The one access idiom: role_required(Section.X), guardian_required, school_contact_required."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from hub.access import Section, guardian_required, role_required
from hub.models import StaffRole
from schools.access import school_contact_required
from tests import factories

pytestmark = pytest.mark.django_db


def _ok(request, *args, **kwargs):
    return HttpResponse("in")


@pytest.fixture
def staff_user(staff_groups):
    return lambda role: factories.make_staff(role, mfa=False)


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_role_required_takes_a_section_and_lets_in_each_of_its_roles(staff_user):
    view = role_required(Section.MONEY)(_ok)
    for role in Section.MONEY:
        assert view(_request(staff_user(role))).status_code == 200
    with pytest.raises(PermissionDenied):
        view(_request(staff_user(StaffRole.TUTOR)))


def test_role_required_still_takes_roles_one_by_one(staff_user):
    view = role_required(StaffRole.TUTOR, StaffRole.FINANCE)(_ok)
    assert view(_request(staff_user(StaffRole.TUTOR))).status_code == 200
    with pytest.raises(PermissionDenied):
        view(_request(staff_user(StaffRole.HUB_ADMIN)))


def test_guardian_required_refuses_anyone_without_children_on_their_account(guardian, contact):
    view = guardian_required(_ok)
    assert view(_request(guardian.user)).status_code == 200
    with pytest.raises(PermissionDenied, match="parents and carers"):
        view(_request(contact.user))


def test_school_contact_required_hands_the_view_the_school_and_hides_other_schools(contact, other_school):
    seen = []
    view = school_contact_required()(lambda request, school: seen.append(school) or HttpResponse("in"))
    assert view(_request(contact.user), urn=contact.school.urn).status_code == 200
    assert seen == [contact.school]
    with pytest.raises(Http404):
        view(_request(contact.user), urn=other_school.urn)


def test_school_contact_required_with_can_order_refuses_other_contacts_saying_why(school):
    looker = factories.SchoolContactFactory(school=school, can_order=False)
    orderer = factories.SchoolContactFactory(school=school, can_order=True)
    view = school_contact_required(can_order=True)(lambda request, school: HttpResponse("in"))
    assert view(_request(orderer.user), urn=school.urn).status_code == 200
    refused = view(_request(looker.user), urn=school.urn)
    assert refused.status_code == 403
    assert f"Only contacts allowed to order for {school.name}" in refused.content.decode()
