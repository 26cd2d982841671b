"""Absurd quantities, prices and totals are refused with a message next to the field, in the forms and the
services, before they can overflow the database (99,999,999.99 hours once failed the invoice run)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from hub.billing.models import Invoice
from schools import errors
from schools.models import Catalogue, Service, Subscription, SubscriptionLine
from schools.services import catalogue as catalogue_services
from schools.services import invoicing
from schools.services import orders as order_services
from tests import sla_factories
from tests.error_pattern import field_error_html

ABSURD = "99999999.99"


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


def _order_form(standard, service, quantity) -> dict:
    return {
        "package": "",
        "instalments": "3",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-service": str(service.pk),
        "lines-0-quantity": quantity,
    }


def _create_url(school, standard):
    year = standard.catalogue.financial_year.name
    return reverse("schools:order-create", kwargs={"urn": school.urn, "year": year})


def test_an_order_quantity_over_the_limit_is_refused_next_to_its_row(client, standard, school, contact):
    client.force_login(contact.user)
    response = client.post(_create_url(school, standard), _order_form(standard, standard.wcet, ABSURD))
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error_html("id_lines-0-quantity", "A quantity can be at most 10,000.") in html
    assert not Subscription.objects.exists()


def test_an_order_total_over_the_limit_is_refused_on_the_form(client, standard, school, contact):
    client.force_login(contact.user)
    response = client.post(_create_url(school, standard), _order_form(standard, standard.wcet, "3000"))
    assert response.status_code == 200
    assert "An order can come to at most £1,000,000.00; this one would come to £1,185,000.00." in (
        response.content.decode()
    )
    assert not Subscription.objects.exists()


def test_the_order_services_refuse_a_quantity_or_total_over_the_limit(standard, school, contact):
    order = {"school": school, "catalogue": standard.catalogue, "package": None, "instalments": 3}
    with pytest.raises(errors.SlaError, match="quantity of Whole-class ensemble teaching can be at most"):
        order_services.create_order(**order, lines=[(standard.wcet, D(ABSURD))], by=contact.user)
    with pytest.raises(errors.SlaError, match="this one would come to £3,950,000.00"):
        order_services.create_order(**order, lines=[(standard.wcet, D("10000"))], by=contact.user)
    draft = order_services.create_order(**order, lines=[(standard.wcet, D("1"))], by=contact.user)
    with pytest.raises(errors.SlaError, match="at most 10,000"):
        order_services.update_order(
            subscription=draft,
            package=None,
            lines=[(standard.cpd, D(ABSURD))],
            instalments=3,
            by=contact.user,
        )
    assert [(line.service, line.quantity) for line in draft.lines.all()] == [(standard.wcet, D("1.00"))]


@pytest.fixture
def approved(standard, school):
    return sla_factories.make_order(school=school, standard=standard, status="approved")


def test_an_amendment_over_the_limit_is_refused_next_to_the_field_and_nothing_is_invoiced(
    client, standard, approved, finance
):
    client.force_login(finance)
    url = reverse("schools:order-amend", kwargs={"public_id": approved.public_id})
    for quantity in (ABSURD, f"-{ABSURD}"):
        response = client.post(url, {"service": standard.wcet.pk, "quantity": quantity})
        assert response.status_code in (200, 400)
        assert field_error_html("id_quantity", "An amendment can add or take away at most 10,000.") in (
            response.content.decode()
        ), quantity
    response = client.post(url, {"service": standard.wcet.pk, "quantity": "2600"})
    assert "this one would come to £1,029,450.00" in response.content.decode()
    assert not SubscriptionLine.objects.filter(amendment__gt=0).exists()
    assert not Invoice.objects.exists()


def test_the_amendment_service_refuses_a_quantity_or_total_over_the_limit(standard, approved, finance):
    with pytest.raises(errors.SlaError, match="can be at most 10,000") as error:
        order_services.amend_order(
            subscription=approved, service=standard.wcet, quantity=D(ABSURD), by=finance
        )
    assert error.value.field == "quantity"
    with pytest.raises(errors.SlaError, match="at most £1,000,000.00"):
        order_services.amend_order(
            subscription=approved, service=standard.wcet, quantity=D("2600"), by=finance
        )
    assert not SubscriptionLine.objects.filter(amendment__gt=0).exists()


def test_an_order_at_the_limits_is_invoiced_without_overflow(standard, school, finance):
    service = sla_factories.ServiceFactory(catalogue=standard.catalogue, unit_price=D("100.00"))
    order = sla_factories.make_order(
        school=school, standard=standard, status="approved", package=False, lines=[(service, 10000)]
    )
    invoices = [
        invoicing.invoice_for_instalment(subscription=order, instalment=n, by=finance) for n in (1, 2, 3)
    ]
    assert sum(i.total for i in invoices) == D("1000000.00")


# --- The catalogue ------------------------------------------------------------------------------------------


def test_catalogue_prices_and_included_quantities_over_the_limits_are_refused_next_to_the_field(
    client, hub_admin
):
    draft = sla_factories.make_catalogue(published=False)
    client.force_login(hub_admin)
    year = draft.catalogue.financial_year.name
    service = {
        "code": "workshop",
        "name": "Workshop",
        "unit": "session",
        "unit_price": ABSURD,
        "vat_rate": "0",
    }
    response = client.post(reverse("schools:service-add", kwargs={"year": year}), service)
    assert (
        field_error_html("id_unit_price", "A unit price can be at most £100,000.00.")
        in response.content.decode()
    )
    package = {"code": "gold", "name": "Gold", "price": ABSURD, "vat_rate": "0"}
    rows = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-service": str(draft.cpd.pk),
        "items-0-quantity": "2",
    }
    response = client.post(reverse("schools:package-add", kwargs={"year": year}), package | rows)
    assert (
        field_error_html("id_price", "A package price can be at most £1,000,000.00.")
        in response.content.decode()
    )
    response = client.post(
        reverse("schools:package-add", kwargs={"year": year}),
        package | rows | {"price": "3900", "items-0-quantity": ABSURD},
    )
    assert "A quantity can be at most 10,000." in response.content.decode()
    assert not draft.catalogue.services.filter(code="workshop").exists()
    assert not draft.catalogue.packages.exists() or not draft.catalogue.packages.filter(code="gold").exists()


def test_the_catalogue_services_refuse_prices_over_the_limit(hub_admin):
    draft = sla_factories.make_catalogue(published=False)
    data = {
        "code": "workshop",
        "name": "Workshop",
        "description": "",
        "unit": "session",
        "unit_price": D("100000.01"),
        "vat_rate": D(0),
        "is_class_teaching": False,
    }
    with pytest.raises(errors.SlaError, match="at most £100,000.00") as error:
        catalogue_services.save_service(catalogue=draft.catalogue, data=data, by=hub_admin)
    assert error.value.field == "unit_price"
    with pytest.raises(errors.SlaError, match="at most 10,000"):
        catalogue_services.save_package(
            catalogue=draft.catalogue,
            data={"code": "gold", "name": "Gold", "description": "", "price": D(1), "vat_rate": D(0)},
            items=[(draft.cpd, D("10000.01"))],
            by=hub_admin,
        )
    assert not Service.objects.filter(code="workshop").exists()


def test_a_copy_whose_uplift_would_take_a_price_over_the_limit_is_refused(standard, finance):
    Service.objects.filter(pk=standard.cpd.pk).update(unit_price=D("60000.00"))
    start = standard.catalogue.financial_year.starts_on.year + 1
    next_year = sla_factories.financial_year_for(datetime.date(start, 5, 1))
    with pytest.raises(errors.SlaError, match="CPD session would cost £120,000.00 a unit") as error:
        catalogue_services.copy_catalogue(
            source=standard.catalogue, to_year=next_year, uplift_percent=D(100), by=finance
        )
    assert error.value.field == "uplift_percent"
    assert not Catalogue.objects.filter(financial_year=next_year).exists()
