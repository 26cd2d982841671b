"""The SLA pages' access matrix: the catalogue and finance's pages by role, a school's orders by tenant."""

import datetime

import pytest
from django.urls import reverse

from hub.documents import keep_rendering
from schools.models import Subscription
from tests import sla_factories
from tests.access import LOGIN, ROLES, check_matrix
from tests.factories import SchoolContactFactory

OFFICE = {"anonymous": LOGIN, "Hub admin": 200, "Finance": 200, "default": 403}
OFFICE_POST = {"anonymous": LOGIN, "Hub admin": 405, "Finance": 405, "default": 403}
DELIVERY = {"anonymous": LOGIN, "Hub admin": 200, "Finance": 200, "Tutor": 200, "default": 403}
OWN_SCHOOL = {"anonymous": LOGIN, "contact": 200, "default": 404}
NOBODY = {"anonymous": LOGIN, "default": 404}

MATRIX = {
    "schools:catalogue-list": (None, OFFICE),
    "schools:catalogue-start": ("year_without_catalogue", OFFICE_POST),
    "schools:catalogue-detail": ("year", OFFICE),
    "schools:catalogue-edit": ("year", OFFICE),
    "schools:catalogue-copy": ("year", OFFICE),
    "schools:catalogue-delete": ("draft_year", OFFICE),
    "schools:catalogue-publish": ("draft_year", OFFICE_POST),
    "schools:service-add": ("draft_year", OFFICE),
    "schools:service-edit": ("draft_service", OFFICE),
    "schools:package-add": ("draft_year", OFFICE),
    "schools:package-edit": ("draft_package", OFFICE),
    "schools:order-list": (None, OFFICE),
    "schools:order-detail": ("approved_order", OFFICE),
    "schools:order-approve": ("approved_order", OFFICE_POST),
    "schools:order-return": ("approved_order", OFFICE_POST),
    "schools:order-amend": ("approved_order", OFFICE),
    "schools:order-agreement-staff": ("approved_order", OFFICE),
    "schools:delivery-orders": (None, DELIVERY),
    "schools:delivery-add": ("approved_order", DELIVERY),
    "schools:school-sla": ("own_school", OWN_SCHOOL),
    "schools:school-sla@other": ("other_school", NOBODY),
    "schools:order-create": ("new_order", OWN_SCHOOL),
    "schools:order-create@other": ("other_new_order", NOBODY),
    "schools:order-totals": ("new_order", {"anonymous": LOGIN, "contact": 405, "default": 404}),
    "schools:order-view": ("school_order", OWN_SCHOOL),
    "schools:order-view@other": ("other_school_order", NOBODY),
    "schools:order-view@cross": ("other_order_under_own_school", NOBODY),
    "schools:order-edit": ("school_order", OWN_SCHOOL),
    "schools:order-edit@other": ("other_school_order", NOBODY),
    "schools:order-submit": ("school_order", OWN_SCHOOL),
    "schools:order-submit@other": ("other_school_order", NOBODY),
    "schools:order-agreement": ("school_order", OWN_SCHOOL),
    "schools:order-agreement@other": ("other_school_order", NOBODY),
    "schools:order-usage": ("school_order", OWN_SCHOOL),
    "schools:order-usage@other": ("other_school_order", NOBODY),
    "schools:order-usage@cross": ("other_order_under_own_school", NOBODY),
}


@pytest.fixture
def url_kwargs(school, other_school):
    this_year = sla_factories.current_financial_year()
    start = this_year.starts_on.year
    next_year = sla_factories.financial_year_for(datetime.date(start + 1, 6, 1))
    draft_year = sla_factories.financial_year_for(datetime.date(start + 2, 6, 1))
    empty_year = sla_factories.financial_year_for(datetime.date(start + 3, 6, 1))
    standard = sla_factories.make_catalogue(year=this_year)
    sla_factories.make_catalogue(year=next_year, order_deadline=None)
    draft = sla_factories.make_catalogue(year=draft_year, published=False)
    own = sla_factories.make_order(school=school, standard=standard, lines=[(standard.cpd, 2)])
    other = sla_factories.make_order(
        school=other_school, standard=standard, status=Subscription.Status.APPROVED
    )
    # As a worker keeps it when the order is submitted; the download serves what is kept.
    keep_rendering(other, "agreement_pdf", filename="access.pdf", data=b"%PDF-1.7 access")
    return {
        "year": {"year": this_year.name},
        "year_without_catalogue": {"year": empty_year.name},
        "draft_year": {"year": draft_year.name},
        "draft_service": {"year": draft_year.name, "code": draft.teaching.code},
        "draft_package": {"year": draft_year.name, "code": draft.silver.code},
        "approved_order": {"public_id": other.public_id},
        "own_school": {"urn": school.urn},
        "other_school": {"urn": other_school.urn},
        "new_order": {"urn": school.urn, "year": next_year.name},
        "other_new_order": {"urn": other_school.urn, "year": next_year.name},
        "school_order": {"urn": school.urn, "public_id": own.public_id},
        "other_school_order": {"urn": other_school.urn, "public_id": other.public_id},
        "other_order_under_own_school": {"urn": school.urn, "public_id": other.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_sla_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_a_contact_who_may_not_order_is_refused_the_order_pages_with_a_reason(client, school, url_kwargs):
    contact = SchoolContactFactory(school=school, can_order=False)
    client.force_login(contact.user)
    for name in ["order-view", "order-edit", "order-submit", "order-agreement"]:
        response = client.get(reverse(f"schools:{name}", kwargs=url_kwargs["school_order"]))
        assert response.status_code == 403, name
        assert b"Only contacts allowed to order for" in response.content, name
    assert client.get(reverse("schools:order-create", kwargs=url_kwargs["new_order"])).status_code == 403
    # They still see what was bought and delivered, without prices.
    usage = client.get(reverse("schools:order-usage", kwargs=url_kwargs["school_order"]))
    assert usage.status_code == 200
    assert "£" not in usage.content.decode()
    overview = client.get(reverse("schools:school-sla", kwargs=url_kwargs["own_school"]))
    assert overview.status_code == 200
    assert "£" not in overview.content.decode()
    assert b"Start the" not in overview.content
