"""The districts page: each district's select shows the area its schools are in, and saving keeps it."""

import pytest
from django.urls import reverse

from schools.models import DistrictArea, School
from tests import factories

URL = "schools:district-areas"


def schools_in(district_code: str, name: str, *areas) -> None:
    for area in areas:
        factories.SchoolFactory(district_code=district_code, district_name=name, area=area)


@pytest.fixture
def north(db):
    return factories.AreaFactory(name="North")


def test_a_district_whose_schools_are_all_in_an_area_shows_that_area_not_no_area(client, hub_admin, north):
    schools_in("E07000901", "Brindleton North", north, north, north)
    client.force_login(hub_admin)

    page = client.get(reverse(URL))

    assert page.context["form"]["district_E07000901"].value() == str(north.pk)
    content = page.content.decode()
    assert f'<option value="{north.pk}" selected>North</option>' in content
    assert '<option value="" selected>No area</option>' not in content
    assert "Taken from its schools; save to keep it for later imports." in content


def test_a_district_whose_schools_are_in_different_areas_or_none_shows_no_area(client, hub_admin, north):
    south = factories.AreaFactory(name="South")
    schools_in("E07000901", "Brindleton North", north, south)
    schools_in("E07000902", "Ashby", north, None)
    client.force_login(hub_admin)

    form = client.get(reverse(URL)).context["form"]

    assert form["district_E07000901"].value() == ""
    assert form["district_E07000902"].value() == ""


def test_a_mapped_district_shows_its_mapping_even_if_its_schools_were_moved_by_hand(client, hub_admin, north):
    south = factories.AreaFactory(name="South")
    schools_in("E07000901", "Brindleton North", north, north)
    DistrictArea.objects.create(district_code="E07000901", district_name="Brindleton North", area=south)
    client.force_login(hub_admin)

    page = client.get(reverse(URL))

    assert page.context["form"]["district_E07000901"].value() == str(south.pk)
    assert "Taken from its schools" not in page.content.decode()


def test_saving_the_area_shown_from_the_schools_keeps_it_for_later_imports(client, hub_admin, north):
    schools_in("E07000901", "Brindleton North", north, north)
    client.force_login(hub_admin)

    response = client.post(reverse(URL), {"district_E07000901": str(north.pk)}, follow=True)

    assert "Saved 1 district; 0 schools moved." in response.content.decode()
    assert DistrictArea.objects.get().area == north
    assert set(School.objects.values_list("area", flat=True)) == {north.pk}
    assert "Taken from its schools" not in response.content.decode()


def test_saving_with_nothing_chosen_for_an_unmapped_district_changes_nothing(client, hub_admin, north):
    schools_in("E07000901", "Brindleton North", north, None)
    client.force_login(hub_admin)

    response = client.post(reverse(URL), {"district_E07000901": ""}, follow=True)

    assert "Nothing was changed." in response.content.decode()
    assert not DistrictArea.objects.exists()
