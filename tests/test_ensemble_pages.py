"""The ensembles' pages: staff add and change ensembles and sections (every error next to its field, nothing
half-saved), the hub admin sets the fees, and the public listing filters by age, instrument and area in a
fixed number of queries, however many ensembles there are."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from ensembles.models import Ensemble, EnsembleSection, Level
from tests import factories
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, SectionFactory, instrument
from tests.error_pattern import field_error_html

pytestmark = pytest.mark.django_db
LIST = reverse("ensembles:public-list")


@pytest.fixture
def area(db):
    return factories.AreaFactory(name="Brindleton North", slug="brindleton-north")


def _form(in_area, **changes) -> dict:
    data = {
        "name": "Brindleton Youth Strings",
        "level": "area",
        "area": in_area.pk,
        "description": "Strings for beginners.",
        "is_active": "on",
        "min_age": "8",
        "max_age": "13",
        "min_grade": "0",
        "max_grade": "4",
        "capacity": "45",
        "venue": "Brindleton Music Centre",
        "rehearsal_weekday": "5",
        "starts_at": "09:30",
        "ends_at": "11:30",
    }
    return data | changes


def test_the_hub_admin_adds_an_ensemble_with_its_leader(client, hub_admin, ensemble_leader, area):
    client.force_login(hub_admin)
    response = client.post(reverse("ensembles:ensemble-add"), _form(area, leaders=[ensemble_leader.pk]))
    ensemble = Ensemble.objects.get()
    assert response.url == reverse("ensembles:ensemble-detail", kwargs={"slug": "brindleton-youth-strings"})
    assert list(ensemble.leaders.all()) == [ensemble_leader]
    assert ensemble.starts_at == datetime.time(9, 30)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_age": "14", "max_age": "9"}, "max_age", "The youngest age cannot be above the oldest age."),
        ({"max_grade": "9"}, "max_grade", "Grades run from 0 to 8."),
        ({"ends_at": "09:00"}, "ends_at", "A rehearsal must end after it starts."),
        ({"area": ""}, "area", "An area ensemble needs its area."),
        ({"capacity": "0"}, "capacity", "Capacity runs from 1 to 500."),
    ],
)
def test_a_bad_ensemble_is_shown_next_to_its_field_and_nothing_is_saved(
    client, hub_admin, area, changes, field, message
):
    client.force_login(hub_admin)
    html = client.post(reverse("ensembles:ensemble-add"), _form(area, **changes)).content.decode()
    assert field_error_html(f"id_{field}", message) in html
    assert "<title>Error: " in html and 'aria-invalid="true"' in html
    assert 'value="Brindleton Youth Strings"' in html
    assert not Ensemble.objects.exists()


def test_someone_without_the_leader_role_is_not_offered_as_a_leader(
    client, hub_admin, ensemble_leader, tutor, area
):
    client.force_login(hub_admin)
    html = client.post(reverse("ensembles:ensemble-add"), _form(area, leaders=[tutor.pk])).content.decode()
    assert "Select a valid choice." in html and 'id="id_leaders_error"' in html
    assert not Ensemble.objects.exists()


def test_a_leader_changes_their_ensemble_but_cannot_leave_it_and_nothing_is_half_saved(
    client, ensemble_leader, area
):
    ensemble = EnsembleFactory(name="Ashby Band", slug="ashby-band", area=area, leaders=[ensemble_leader])
    client.force_login(ensemble_leader)
    url = reverse("ensembles:ensemble-edit", kwargs={"slug": "ashby-band"})
    html = client.post(url, _form(area, name="Ashby Wind Band")).content.decode()
    message = "You cannot take yourself off an ensemble you lead: ask the hub admin."
    assert field_error_html("id_leaders", message) in html
    ensemble.refresh_from_db()
    assert ensemble.name == "Ashby Band" and list(ensemble.leaders.all()) == [ensemble_leader]
    response = client.post(url, _form(area, name="Ashby Wind Band", leaders=[ensemble_leader.pk]))
    assert response.url == reverse("ensembles:ensemble-detail", kwargs={"slug": "ashby-wind-band"})


def test_sections_are_added_changed_and_removed_from_the_ensembles_page(client, ensemble_leader):
    ensemble = EnsembleFactory(leaders=[ensemble_leader])
    violin, viola = instrument("Violin"), instrument("Viola")
    client.force_login(ensemble_leader)
    add = reverse("ensembles:section-add", kwargs={"slug": ensemble.slug})
    client.post(add, {"name": "Violins", "instrument_types": [violin.pk], "target": "12"})
    section = EnsembleSection.objects.get()
    html = client.get(reverse("ensembles:ensemble-detail", kwargs={"slug": ensemble.slug})).content.decode()
    assert "Violins" in html and 'Change<span class="visually-hidden"> the Violins section' in html
    edit = reverse("ensembles:section-edit", kwargs={"public_id": section.public_id})
    client.post(edit, {"name": "Upper strings", "instrument_types": [violin.pk, viola.pk], "target": "16"})
    section.refresh_from_db()
    assert (section.name, section.target, section.instrument_types.count()) == ("Upper strings", 16, 2)
    client.post(reverse("ensembles:section-remove", kwargs={"public_id": section.public_id}))
    assert not EnsembleSection.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "violins", "target": "8"}, "name", "This ensemble already has a section called violins."),
        ({"name": "Cellos", "target": "-1"}, "target", "Targets run from 0 to 500."),
        (
            {"name": "Cellos", "target": "8", "instrument_types": []},
            "instrument_types",
            "Choose at least one",
        ),
    ],
)
def test_a_bad_section_is_shown_next_to_its_field_and_nothing_is_saved(
    client, hub_admin, data, field, message
):
    first = SectionFactory(name="Violins")
    client.force_login(hub_admin)
    data = {"instrument_types": [instrument("Cello").pk]} | data
    html = client.post(reverse("ensembles:section-add", kwargs={"slug": first.ensemble.slug}), data).content
    assert f'id="id_{field}_error"' in html.decode() and message in html.decode()
    assert EnsembleSection.objects.count() == 1


def test_the_hub_admin_sets_a_years_fees_and_a_bad_one_is_shown_next_to_its_field(client, hub_admin, year):
    strings = EnsembleFactory(name="Strings")
    client.force_login(hub_admin)
    url = reverse("ensembles:ensemble-fees-year", kwargs={"year": 2026})
    html = client.post(url, {f"fee_{strings.pk}": "lots"}).content.decode()
    assert field_error_html(f"id_fee_{strings.pk}", "Give the fee for Strings in pounds, e.g. 45.00.") in html
    assert not strings.fees.exists()
    client.post(url, {f"fee_{strings.pk}": "45"})
    assert strings.fees.get().termly_fee == Decimal("45.00")


@pytest.mark.parametrize("count", [1, 4])
def test_the_staff_list_shows_a_leader_their_own_ensembles_in_a_fixed_number_of_queries(
    client, ensemble_leader, hub_admin, count, django_assert_num_queries
):
    mine = [EnsembleFactory(leaders=[ensemble_leader]) for _ in range(count)]
    EnsembleFactory(name="Someone Else's Band")
    for ensemble in mine:
        SectionFactory(ensemble=ensemble)
    client.force_login(ensemble_leader)
    client.get(reverse("ensembles:ensemble-list"))  # sessions and the like, read once
    # The session, the user, their roles, their authenticator, the menu's two (school contact, guardian), and
    # the ensembles with their areas and sections counted.
    with django_assert_num_queries(7):
        html = client.get(reverse("ensembles:ensemble-list")).content.decode()
    assert f"{count} ensemble{'s' if count > 1 else ''} you lead." in html and "Someone Else" not in html


# --- The public listing -----------------------------------------------------------------------------------


@pytest.fixture
def listing(year, area):
    """Three ensembles: a young strings group in the area, a county wind band, and an inactive one."""
    violin, flute = instrument("Violin"), instrument("Flute", "woodwind")
    strings = EnsembleFactory(name="Junior Strings", slug="junior-strings", area=area, min_age=7, max_age=11)
    SectionFactory(ensemble=strings, name="Violins", instrument_types=[violin])
    EnsembleFeeFactory(ensemble=strings, academic_year=year, termly_fee=Decimal("38.50"))
    band = EnsembleFactory(
        name="County Wind Band",
        slug="county-wind-band",
        level=Level.COUNTY,
        area=None,
        min_age=11,
        max_age=18,
    )
    SectionFactory(ensemble=band, name="Flutes", instrument_types=[flute])
    elsewhere = EnsembleFactory(name="Coast Strings", slug="coast-strings", min_age=7, max_age=11)
    SectionFactory(ensemble=elsewhere, name="Violins", instrument_types=[violin])
    hidden = EnsembleFactory(name="Old Orchestra", is_active=False)
    SectionFactory(ensemble=hidden, instrument_types=[violin])


def _names(client, **query) -> list[str]:
    response = client.get(LIST, query)
    return [ensemble.name for ensemble in response.context["ensembles"]]


def test_the_listing_shows_active_ensembles_to_anyone(client, listing):
    assert _names(client) == ["Coast Strings", "County Wind Band", "Junior Strings"]
    html = client.get(LIST).content.decode()
    assert "£38.50" in html and "Saturdays, 09:30 to 12:00" in html and "Violins (Violin)" in html


def test_the_listing_says_what_is_not_set_yet_and_offers_families_the_apply_button(client, listing, guardian):
    EnsembleFactory(name="Beginner Band", slug="beginner-band", area=None, level=Level.COUNTY, min_grade=0)
    html = client.get(LIST).content.decode()
    card = html.split('href="/ensembles/beginner-band/">Beginner Band</a>', 1)[1].split("</article>", 1)[0]
    assert '<dd class="col-sm-8">County, county-wide</dd>' in card
    assert '<dd class="col-sm-8">Beginners to 4</dd>' in card
    assert '<dt class="col-sm-4">Sections</dt><dd class="col-sm-8">To be announced</dd>' in card
    assert 'Termly fee, 2026/27</dt><dd class="col-sm-8">To be announced</dd>' in card
    assert "Apply" not in card
    client.force_login(guardian.user)
    html = client.get(LIST).content.decode()
    assert (
        'href="/ensembles/beginner-band/apply/">Apply<span class="visually-hidden"> to Beginner Band</span>'
        in html
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"age": "8"}, ["Coast Strings", "Junior Strings"]),
        ({"age": "11"}, ["Coast Strings", "County Wind Band", "Junior Strings"]),
        ({"age": "15"}, ["County Wind Band"]),
        ({"instrument": "flute"}, ["County Wind Band"]),
        ({"instrument": "violin", "age": "9"}, ["Coast Strings", "Junior Strings"]),
        ({"area": "brindleton-north"}, ["County Wind Band", "Junior Strings"]),  # county-wide in every area
        ({"area": "brindleton-north", "instrument": "violin", "age": "9"}, ["Junior Strings"]),
        ({"age": "30"}, ["Coast Strings", "County Wind Band", "Junior Strings"]),  # refused, so not applied
    ],
)
def test_the_listing_filters_by_age_instrument_and_area(client, listing, query, expected):
    assert _names(client, **query) == expected


def test_the_listing_comes_in_pages_of_twenty_that_keep_the_filters(client, year):
    violin = instrument("Violin")
    for n in range(23):
        SectionFactory(ensemble=EnsembleFactory(name=f"Strings {n:02}", min_age=8), instrument_types=[violin])
    first = client.get(LIST, {"age": "9", "instrument": "violin"})
    assert len(first.context["ensembles"]) == 20
    html = first.content.decode()
    assert "23 ensembles found, 1 to 20 shown here." in html
    assert 'href="?age=9&amp;instrument=violin&amp;page=2">Next</a>' in html
    second = client.get(LIST, {"age": "9", "instrument": "violin", "page": "2"})
    assert [ensemble.name for ensemble in second.context["ensembles"]] == [
        "Strings 20",
        "Strings 21",
        "Strings 22",
    ]


def test_an_age_out_of_range_is_said_next_to_its_field(client, listing):
    html = client.get(LIST, {"age": "30"}).content.decode()
    assert field_error_html("id_age", "Give an age from 4 to 25.") in html


def test_an_ensembles_public_page_shows_its_sections_and_fee(client, listing):
    html = client.get(reverse("ensembles:public-detail", kwargs={"slug": "junior-strings"})).content.decode()
    assert '<h1 class="h2">Junior Strings</h1>' in html and "£38.50" in html and "Violins: Violin" in html


@pytest.mark.parametrize("count", [3, 12])
def test_the_listing_runs_a_fixed_number_of_queries_however_many_ensembles(
    client, year, count, django_assert_num_queries
):
    violin = instrument("Violin")
    for _ in range(count):
        ensemble = EnsembleFactory()
        EnsembleFeeFactory(ensemble=ensemble, academic_year=year)
        SectionFactory(ensemble=ensemble, instrument_types=[violin])
        SectionFactory(ensemble=ensemble, instrument_types=[violin, instrument("Viola")])
    # Instruments and areas for the filters, the year, a page of ensembles with their number, and their
    # sections with their types.
    with django_assert_num_queries(5):
        response = client.get(LIST, {"age": "9", "instrument": "violin"})
    assert len(response.context["ensembles"]) == count
    line = "; ".join(
        f"{section.name} ({', '.join(sorted(kind.name for kind in section.instrument_types.all()))})"
        for section in ensemble.sections.order_by("name", "pk")
    )
    assert "(Viola, Violin)" in line and line in response.content.decode()
    # The year, the ensemble, and its sections with their types (the list and the summary's line).
    with django_assert_num_queries(3):
        client.get(reverse("ensembles:public-detail", kwargs={"slug": ensemble.slug}))


def test_the_leaders_home_counts_the_ensembles_they_lead_and_links_to_them(client, ensemble_leader):
    EnsembleFactory(leaders=[ensemble_leader])
    EnsembleFactory(leaders=[ensemble_leader], is_active=False)
    EnsembleFactory()
    client.force_login(ensemble_leader)
    response = client.get(reverse("hub:staff-home"))
    figures = response.context["figures"]["Ensemble leader"]
    assert figures == {
        "ensembles": 2,
        "listed": 1,
        "to_decide": 0,
        "applications": [],
        "next_register": None,
        "absences": 0,
        "absences_shown": [],
        "absences_more": 0,
    }
    assert f'href="{reverse("ensembles:ensemble-list")}">Your ensembles</a>' in response.content.decode()


def test_an_ensembles_page_names_its_leaders_by_name_or_address_and_its_sections_instruments(
    client, hub_admin, ensemble_leader
):
    unnamed = factories.UserFactory(first_name="", last_name="", email="leader@example.org")
    ensemble = EnsembleFactory(leaders=[ensemble_leader, unnamed])
    alone = EnsembleFactory()
    section = SectionFactory(ensemble=ensemble, name="Lower strings")
    section.instrument_types.set([instrument("Viola"), instrument("Cello")])
    SectionFactory(ensemble=ensemble, name="Percussion").instrument_types.clear()
    client.force_login(hub_admin)
    html = client.get(reverse("ensembles:ensemble-detail", kwargs={"slug": ensemble.slug})).content.decode()
    # By last name: none comes first.
    leaders = f"leader@example.org, {escape(ensemble_leader.get_full_name())}"
    assert f'Leaders</dt><dd class="col-sm-9">{leaders}</dd>' in html
    assert '<th scope="row">Lower strings</th>\n        <td>Cello, Viola</td>' in html
    assert '<th scope="row">Percussion</th>\n        <td></td>' in html
    html = client.get(reverse("ensembles:ensemble-detail", kwargs={"slug": alone.slug})).content.decode()
    assert 'Leaders</dt><dd class="col-sm-9">None yet</dd>' in html
