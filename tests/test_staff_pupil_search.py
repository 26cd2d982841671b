"""The staff's pupil search: a part of a name or of the school's, every word matched, a page and its count
read in one pass, and the whole list paged as before."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("schools:staff-pupil-list")


@pytest.fixture
def pupils(school):
    other = factories.SchoolFactory(name="Smithfield Junior School")
    made = [
        factories.PupilFactory(first_name="Ann", last_name=f"Goldsmith{n:02d}", school=school)
        for n in range(55)
    ]
    made.append(factories.PupilFactory(first_name="Bo", last_name="Jones", school=other))
    made.append(factories.PupilFactory(first_name="Cy", last_name="Brown", school=school))
    return made


def test_a_search_finds_a_part_of_a_name_or_of_the_school_and_counts_what_it_found(client, hub_admin, pupils):
    client.force_login(hub_admin)
    first = client.get(URL, {"q": "smith"}).content.decode()
    assert "56 pupils found." in first
    assert "Goldsmith00, Ann" in first and "Goldsmith49, Ann" in first and "Jones, Bo" not in first
    last = client.get(URL, {"q": "smith", "page": 2}).content.decode()
    assert "56 pupils found." in last and "Goldsmith54, Ann" in last and "Jones, Bo" in last
    assert "Brown, Cy" not in first + last
    both = client.get(URL, {"q": "smith jones"}).content.decode()
    assert "1 pupil found." in both and "Jones, Bo" in both
    assert "0 pupils found." in client.get(URL, {"q": "nobody"}).content.decode()


def test_the_whole_list_and_a_page_past_its_end(client, hub_admin, pupils):
    client.force_login(hub_admin)
    assert "57 pupils found." in client.get(URL).content.decode()
    past = client.get(URL, {"q": "smith", "page": 9}).content.decode()
    assert "56 pupils found." in past and "Jones, Bo" in past
