"""Add-a-child's school is typed with suggestions from the register; what is typed must name one school."""

from django.urls import reverse

from schools.forms import people as people_forms
from schools.models import Pupil, School
from tests import factories


def _data(typed: str, **overrides) -> dict:
    data = {
        "first_name": "Maya",
        "last_name": "Ng",
        "date_of_birth": "2015-10-01",
        "school": typed,
        "eq-gender": "",
        "eq-ethnicity": "",
        "eq-send": "",
    }
    return {**data, **overrides}


def _school_error(typed: str, **overrides) -> list[str]:
    form = people_forms.ChildForm(_data(typed, **overrides))
    assert not form.is_valid()
    return form.errors.get("school", [])


def test_the_school_box_suggests_every_open_school_with_its_urn_and_town(db):
    open_school = factories.SchoolFactory(name="Hillside Primary School", urn=123456, town="Ashby")
    factories.SchoolFactory(name="Old Mill School", status=School.Status.CLOSED)
    html = str(people_forms.ChildForm()["school"])
    assert 'list="id_school-list"' in html
    assert '<datalist id="id_school-list">' in html
    assert '<option value="Hillside Primary School (123456)">Ashby</option>' in html
    assert "Old Mill School" not in html
    form = people_forms.ChildForm(_data("Hillside Primary School (123456)"))
    assert form.is_valid() and form.cleaned_data["school"] == open_school


def test_a_name_only_one_school_has_or_its_urn_is_enough(db):
    school = factories.SchoolFactory(name="Hillside Primary School", urn=123456)
    for typed in ["hillside primary  school", "123456", " Hillside Primary School (123456) "]:
        form = people_forms.ChildForm(_data(typed))
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["school"] == school


def test_a_name_no_open_school_has_is_explained_next_to_the_field(db):
    factories.SchoolFactory(name="Old Mill School", urn=111111, status=School.Status.CLOSED)
    assert _school_error("Hillside") == [
        "No school in the register matches “Hillside”. Choose it from the list as you type, "
        "or tick the box below if it is not listed."
    ]
    assert "No school in the register matches" in _school_error("Old Mill School (111111)")[0]


def test_a_name_two_schools_share_asks_for_the_one_from_the_list(db):
    factories.SchoolFactory(name="St Mary's Primary School", town="Ashby")
    factories.SchoolFactory(name="St Mary's Primary School", town="Brigg")
    assert _school_error("St Mary's Primary School") == [
        "2 schools are called “St Mary's Primary School”. Choose yours from the list, "
        "which shows each school's town and URN."
    ]


def test_a_school_not_listed_needs_no_match_in_the_school_box(client, guardian):
    client.force_login(guardian.user)
    data = _data("Somewhere abroad", school_not_listed="on", other_school_name="Home educated")
    response = client.post(reverse("schools:child-add"), data)
    assert response.status_code == 302
    assert Pupil.objects.get().school_name == "Home educated"


def test_a_bad_school_saves_nothing_and_keeps_what_was_typed(client, guardian, school):
    client.force_login(guardian.user)
    response = client.post(reverse("schools:child-add"), _data("Hilsyde"))
    page = response.content.decode()
    assert 'value="Hilsyde"' in page
    assert "No school in the register matches “Hilsyde”" in page
    assert not Pupil.objects.exists()


def test_changing_a_child_shows_their_school_as_the_list_names_it(client, guardian, child):
    client.force_login(guardian.user)
    url = reverse("schools:child-edit", kwargs={"public_id": child.public_id})
    page = client.get(url).content.decode()
    assert f'value="{child.school.name} ({child.school.urn})"' in page
