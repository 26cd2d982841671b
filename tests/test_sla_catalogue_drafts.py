"""The catalogue trap: a year started empty by mistake can be filled by copying, or deleted."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.models import AuditEvent
from schools import errors
from schools.models import Catalogue
from schools.services import catalogue as catalogue_services
from schools.services.catalogue import delete_draft_catalogue
from tests import sla_factories


@pytest.fixture
def standard(db):
    return sla_factories.make_catalogue()


@pytest.fixture
def next_year(standard):
    start = standard.catalogue.financial_year.starts_on.year + 1
    return sla_factories.financial_year_for(datetime.date(start, 5, 1))


def test_after_starting_an_empty_next_year_copy_to_next_year_still_fills_it(
    client, standard, next_year, finance
):
    client.force_login(finance)
    client.post(reverse("schools:catalogue-start", kwargs={"year": next_year.name}))
    empty = Catalogue.objects.get(financial_year=next_year)
    draft_page = client.get(reverse("schools:catalogue-detail", kwargs={"year": next_year.name}))
    assert "This draft is empty" in draft_page.content.decode()
    source = standard.catalogue.financial_year.name
    detail = client.get(reverse("schools:catalogue-detail", kwargs={"year": source})).content.decode()
    assert "Copy to next year" in detail
    copy_page = client.get(reverse("schools:catalogue-copy", kwargs={"year": source}))
    assert list(copy_page.context["form"].fields["to_year"].queryset) == [next_year]
    response = client.post(
        reverse("schools:catalogue-copy", kwargs={"year": source}),
        {"to_year": next_year.pk, "uplift_percent": "2"},
    )
    assert response.status_code == 302
    filled = Catalogue.objects.get(financial_year=next_year)
    assert filled.pk == empty.pk
    assert filled.services.count() == standard.catalogue.services.count()
    assert filled.packages.count() == standard.catalogue.packages.count()
    assert filled.terms == standard.catalogue.terms


def test_copying_into_a_draft_that_has_services_is_refused(standard, next_year, finance):
    sla_factories.make_catalogue(year=next_year, published=False)
    with pytest.raises(errors.SlaError, match="already has a catalogue"):
        catalogue_services.copy_catalogue(
            source=standard.catalogue, to_year=next_year, uplift_percent=Decimal(2), by=finance
        )


def test_a_draft_nobody_ordered_from_is_deleted_after_confirming(client, standard, next_year, finance):
    draft = sla_factories.make_catalogue(year=next_year, published=False).catalogue
    client.force_login(finance)
    detail = client.get(reverse("schools:catalogue-detail", kwargs={"year": next_year.name}))
    delete_url = reverse("schools:catalogue-delete", kwargs={"year": next_year.name})
    assert delete_url in detail.content.decode()
    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "Delete the draft" in confirm.content.decode()
    assert Catalogue.objects.filter(pk=draft.pk).exists()  # nothing happens until it is confirmed
    response = client.post(delete_url)
    assert response.status_code == 302 and response.url == reverse("schools:catalogue-list")
    assert not Catalogue.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED, object_id=str(draft.pk)).exists()
    # The year can be started again.
    assert "Start a catalogue for" in client.get(reverse("schools:catalogue-list")).content.decode()


def test_a_published_catalogue_is_never_deleted(client, standard, finance):
    year = standard.catalogue.financial_year.name
    with pytest.raises(errors.SlaError, match="is kept"):
        delete_draft_catalogue(catalogue=standard.catalogue, by=finance)
    client.force_login(finance)
    delete_url = reverse("schools:catalogue-delete", kwargs={"year": year})
    detail = client.get(reverse("schools:catalogue-detail", kwargs={"year": year}))
    assert delete_url not in detail.content.decode()
    client.post(delete_url)
    assert Catalogue.objects.filter(pk=standard.catalogue.pk).exists()
