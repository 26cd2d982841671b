"""The yearly SLA catalogue: editing, copying to next year with an uplift, and publishing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.models import AuditEvent
from schools import errors
from schools.models import Catalogue, Service
from schools.services import catalogue as catalogue_services
from tests import sla_factories


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue(published=False)


@pytest.fixture
def next_year(standard):
    start = standard.catalogue.financial_year.starts_on.year + 1
    return sla_factories.financial_year_for(datetime.date(start, 5, 1))


def test_copy_to_next_year_raises_prices_by_the_uplift_rounded_to_the_penny(standard, next_year, finance):
    copy = catalogue_services.copy_catalogue(
        source=standard.catalogue, to_year=next_year, uplift_percent=Decimal("3.5"), by=finance
    )
    prices = dict(copy.services.values_list("code", "unit_price"))
    # 43.50 × 1.035 = 45.0225; 395 × 1.035 = 408.825 (half rounds up); 180 × 1.035 = 186.30
    assert prices == {"instrumental": Decimal("45.02"), "wcet": Decimal("408.83"), "cpd": Decimal("186.30")}
    silver = copy.packages.get(code="silver")
    assert silver.price == Decimal("2535.75")
    assert sorted((i.service.code, i.quantity) for i in silver.items.all()) == [
        ("instrumental", Decimal("40.00")),
        ("wcet", Decimal("1.00")),
    ]
    assert all(item.service.catalogue_id == copy.pk for item in silver.items.all())
    assert copy.services.get(code="cpd").vat_rate == Decimal("20.00")
    assert copy.services.get(code="wcet").is_class_teaching
    assert copy.terms == standard.catalogue.terms
    assert not copy.is_published
    # The source is untouched.
    assert standard.catalogue.services.get(code="instrumental").unit_price == Decimal("43.50")


def test_copy_is_refused_when_the_target_year_already_has_a_catalogue(standard, next_year, finance):
    sla_factories.make_catalogue(year=next_year, published=False)
    with pytest.raises(errors.SlaError, match="already has a catalogue"):
        catalogue_services.copy_catalogue(
            source=standard.catalogue, to_year=next_year, uplift_percent=Decimal(2), by=finance
        )
    assert Catalogue.objects.filter(financial_year=next_year).count() == 1


def test_copy_to_an_earlier_year_is_refused(standard, finance):
    earlier = sla_factories.financial_year_for(
        standard.catalogue.financial_year.starts_on - datetime.timedelta(1)
    )
    with pytest.raises(errors.SlaError, match="later financial year"):
        catalogue_services.copy_catalogue(
            source=standard.catalogue, to_year=earlier, uplift_percent=Decimal(2), by=finance
        )


def test_publishing_needs_a_service_and_terms(finance):
    empty = sla_factories.CatalogueFactory(published_at=None)
    with pytest.raises(errors.SlaError, match="at least one service"):
        catalogue_services.publish_catalogue(catalogue=empty, by=finance)
    sla_factories.ServiceFactory(catalogue=empty)
    empty.terms = ""
    empty.save()
    with pytest.raises(errors.SlaError, match="terms"):
        catalogue_services.publish_catalogue(catalogue=empty, by=finance)


def test_a_published_catalogue_freezes_its_prices_and_packages(standard, finance):
    catalogue = catalogue_services.publish_catalogue(catalogue=standard.catalogue, by=finance)
    assert catalogue.is_published
    assert AuditEvent.objects.filter(object_id=str(catalogue.pk), changes__has_key="published_at").exists()
    data = {f: getattr(standard.teaching, f) for f in catalogue_services.SERVICE_FIELDS} | {
        "unit_price": Decimal("99")
    }
    with pytest.raises(errors.SlaError, match="published"):
        catalogue_services.save_service(catalogue=catalogue, service=standard.teaching, data=data, by=finance)
    with pytest.raises(errors.SlaError, match="published"):
        catalogue_services.save_package(
            catalogue=catalogue,
            package=standard.silver,
            data={f: getattr(standard.silver, f) for f in catalogue_services.PACKAGE_FIELDS},
            items=[(standard.teaching, Decimal(1))],
            by=finance,
        )
    with pytest.raises(errors.SlaError, match="terms"):
        catalogue_services.update_catalogue(
            catalogue=catalogue, terms="New terms", order_deadline=None, by=finance
        )
    # The deadline can still move.
    later = datetime.date.today() + datetime.timedelta(days=90)
    assert (
        catalogue_services.update_catalogue(
            catalogue=catalogue, terms=catalogue.terms, order_deadline=later, by=finance
        ).order_deadline
        == later
    )
    assert Service.objects.get(pk=standard.teaching.pk).unit_price == Decimal("43.50")


def test_editing_a_published_service_page_says_prices_are_fixed(client, standard, finance):
    catalogue_services.publish_catalogue(catalogue=standard.catalogue, by=finance)
    client.force_login(finance)
    year = standard.catalogue.financial_year.name
    url = reverse("schools:service-edit", kwargs={"year": year, "code": "instrumental"})
    response = client.post(
        url, {"code": "instrumental", "name": "X", "unit": "hour", "unit_price": "1"}, follow=True
    )
    assert "prices and packages are fixed" in response.content.decode()
    assert Service.objects.get(pk=standard.teaching.pk).name == "Instrumental teaching"


def test_staff_add_a_service_and_a_package_through_the_pages(client, standard, hub_admin):
    client.force_login(hub_admin)
    year = standard.catalogue.financial_year.name
    response = client.post(
        reverse("schools:service-add", kwargs={"year": year}),
        {
            "code": "workshop",
            "name": "Workshop",
            "description": "A half-day workshop",
            "unit": "session",
            "unit_price": "275.00",
            "vat_rate": "0",
        },
    )
    assert response.status_code == 302
    workshop = standard.catalogue.services.get(code="workshop")
    duplicate = client.post(
        reverse("schools:service-add", kwargs={"year": year}),
        {"code": "workshop", "name": "Again", "unit": "session", "unit_price": "1", "vat_rate": "0"},
    )
    assert "Another service in this catalogue has that code." in duplicate.content.decode()

    rows = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-service": str(workshop.pk),
        "items-0-quantity": "2",
        "items-1-service": str(standard.cpd.pk),
        "items-1-quantity": "1",
    }
    package = {"code": "gold", "name": "Gold", "price": "3900", "vat_rate": "0"}
    bad = client.post(
        reverse("schools:package-add", kwargs={"year": year}),
        package | rows | {"items-1-service": str(workshop.pk)},
    )
    assert "already on another line" in bad.content.decode()
    response = client.post(reverse("schools:package-add", kwargs={"year": year}), package | rows)
    assert response.status_code == 302
    gold = standard.catalogue.packages.get(code="gold")
    assert sorted((i.service.code, i.quantity) for i in gold.items.all()) == [
        ("cpd", Decimal("1.00")),
        ("workshop", Decimal("2.00")),
    ]


def test_copy_and_publish_through_the_pages(client, standard, next_year, finance):
    client.force_login(finance)
    year = standard.catalogue.financial_year.name
    response = client.post(
        reverse("schools:catalogue-copy", kwargs={"year": year}),
        {"to_year": next_year.pk, "uplift_percent": "2"},
    )
    assert response.status_code == 302
    assert response.url == reverse("schools:catalogue-detail", kwargs={"year": next_year.name})
    response = client.post(reverse("schools:catalogue-publish", kwargs={"year": next_year.name}), follow=True)
    assert "is published: schools can order" in response.content.decode()
    assert Catalogue.objects.get(financial_year=next_year).is_published
