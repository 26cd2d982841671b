""" "Open for orders" is one rule: the catalogues a school is offered are the ones it may order from."""

import datetime

import pytest
from django.urls import reverse

from schools import errors
from schools.selectors.catalogue import is_open_for_orders, open_catalogues
from schools.services import orders as order_services
from tests import sla_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_years(db):
    """Published, with no ordering deadline, for a financial year that has ended."""
    year = sla_factories.financial_year_for(datetime.date.today() - datetime.timedelta(days=400))
    return sla_factories.make_catalogue(year=year)


def test_a_catalogue_whose_year_has_ended_takes_no_orders_though_it_set_no_deadline(
    last_years, school, contact
):
    assert last_years.catalogue not in open_catalogues()
    assert not is_open_for_orders(last_years.catalogue)
    with pytest.raises(errors.SlaError, match="not open for orders"):
        order_services.create_order(
            school=school,
            catalogue=last_years.catalogue,
            package=last_years.silver,
            lines=[],
            instalments=1,
            by=contact.user,
        )


def test_the_catalogues_offered_to_a_school_are_the_ones_it_may_order_from(last_years, school, contact):
    current = sla_factories.make_catalogue()
    draft = sla_factories.make_catalogue(
        year=sla_factories.financial_year_for(datetime.date.today() + datetime.timedelta(days=400)),
        published=False,
    )
    offered = set(open_catalogues())
    assert offered == {current.catalogue}
    for catalogue in (current.catalogue, last_years.catalogue, draft.catalogue):
        assert is_open_for_orders(catalogue) == (catalogue in offered)


def test_the_order_page_of_an_ended_year_answers_not_found(client, last_years, school, contact):
    client.force_login(contact.user)
    year = last_years.catalogue.financial_year.name
    response = client.get(reverse("schools:order-create", kwargs={"urn": school.urn, "year": year}))
    assert response.status_code == 404
