"""The store's pages: the inventory's search and filters in a fixed number of queries, an instrument's page
and history, adding and changing an instrument with the one error pattern, and the hire fees of a year."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from instruments.models import HireFee, Instrument
from tests import factories
from tests.error_pattern import field_error_html
from tests.instrument_factories import (
    ClassSetLoanFactory,
    ConditionCheckFactory,
    HireFactory,
    HireFeeFactory,
    InstrumentFactory,
    RepairFactory,
    clarinet,
    mark_out,
    mark_returned,
    violin,
)
from tests.tuition_factories import academic_year

pytestmark = pytest.mark.django_db
LIST = reverse("instruments:instrument-list")


@pytest.fixture
def stock(school, other_school):
    """Four instruments: two violins at the store, one at Hillside on hire, a clarinet at Riverside."""
    return {
        "VN-0001": InstrumentFactory(asset_tag="VN-0001", size="3/4"),
        "VN-0002": InstrumentFactory(asset_tag="VN-0002", size="1/2", school=school, status="on_hire"),
        "VN-1001": InstrumentFactory(asset_tag="VN-1001", size="4/4"),
        "CL-0001": InstrumentFactory(
            asset_tag="CL-0001", instrument_type=clarinet(), size="", school=other_school, status="in_repair"
        ),
    }


def _tags(client, **query) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [row.asset_tag for row in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["CL-0001", "VN-0001", "VN-0002", "VN-1001"]),
        ({"tag": "vn-00"}, ["VN-0001", "VN-0002"]),
        ({"tag": " Vn-1"}, ["VN-1001"]),
        ({"tag": "%"}, []),
        ({"instrument_type": "clarinet"}, ["CL-0001"]),
        ({"instrument_type": "violin", "size": "1/2"}, ["VN-0002"]),
        ({"status": "on_hire"}, ["VN-0002"]),
        ({"location": "store"}, ["VN-0001", "VN-1001"]),
        ({"location": "schools"}, ["CL-0001", "VN-0002"]),
        ({"school": "hills"}, ["VN-0002"]),
        ({"location": "schools", "status": "in_repair"}, ["CL-0001"]),
    ],
)
def test_the_inventory_is_searched_by_tag_start_and_filtered(client, store, stock, query, expected):
    client.force_login(store)
    assert _tags(client, **query) == expected


def test_a_school_is_found_by_its_urn_too(client, store, stock, other_school):
    client.force_login(store)
    assert _tags(client, school=str(other_school.urn)) == ["CL-0001"]


def test_the_store_is_not_a_school_and_an_unknown_type_is_not_guessed(client, store, stock):
    client.force_login(store)
    response = client.get(LIST, {"location": "store", "school": "hills", "instrument_type": "banjo"})
    page = response.content.decode()
    assert "<title>Error: Inventory" in page
    message = "The store is not a school: choose “Anywhere” or “At a school” to find a school."
    assert field_error_html("id_school", message) in page
    assert field_error_html("id_instrument_type", "Choose one from the list.") in page
    # The list stays whole rather than empty.
    assert len(response.context["page"].object_list) == 4


def test_a_row_links_to_the_instrument_and_says_where_it_is(client, store, stock, school):
    client.force_login(store)
    page = client.get(LIST, {"tag": "VN-0002"}).content.decode()
    url = reverse("instruments:instrument-detail", args=[stock["VN-0002"].public_id])
    assert f'<th scope="row" class="text-nowrap"><a href="{url}">VN-0002</a></th>' in page
    assert "<td>1/2 Violin</td>" in page
    assert f"<td>{school.name} ({school.urn})</td>" in page
    assert "<td>On hire</td>" in page


def test_the_inventory_comes_fifty_to_a_page_with_the_count(client, store):
    instrument_type = violin()
    Instrument.objects.bulk_create(
        InstrumentFactory.build(asset_tag=f"VN-{n:04d}", instrument_type=instrument_type) for n in range(55)
    )
    client.force_login(store)
    first = client.get(LIST)
    assert "55 instruments." in first.content.decode()
    assert len(first.context["page"].object_list) == 50
    assert _tags(client, page=2) == [f"VN-{n:04d}" for n in range(50, 55)]
    assert _tags(client, page=9) == [f"VN-{n:04d}" for n in range(50, 55)]


def _queries(client, query: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST, query).status_code == 200
    return len(context.captured_queries)


def _grow(count: int, schools: list) -> None:
    for n in range(count):
        InstrumentFactory(school=schools[n % len(schools)] if n % 3 else None)


@pytest.mark.parametrize("query", [{}, {"tag": "vn", "instrument_type": "violin", "location": "schools"}])
def test_the_inventory_costs_the_same_queries_however_many_rows_it_shows(
    client, store, school, other_school, query, django_assert_max_num_queries
):
    client.force_login(store)
    _grow(3, [school, other_school])
    few = _queries(client, query)
    _grow(40, [school, other_school, factories.SchoolFactory()])
    # The session, the user, their roles and authenticator, and the menu's two (school contact, guardian);
    # the types for the filters; the page's rows with the count.
    with django_assert_max_num_queries(8):
        many = _queries(client, query)
    assert many == few


def test_an_instruments_page_shows_its_history_newest_first(client, store, school):
    instrument = InstrumentFactory(asset_tag="VN-0007")
    earlier = mark_returned(
        mark_out(HireFactory(instrument=instrument, pupil__first_name="Amira"), on=datetime.date(2025, 9, 8)),
        on=datetime.date(2026, 7, 1),
    )
    earlier.allocated_at = timezone.now() - datetime.timedelta(days=400)
    earlier.save()
    HireFactory(instrument=instrument, pupil=None, payer=None, class_set=ClassSetLoanFactory(school=school))
    ConditionCheckFactory(instrument=instrument, grade="fair", note="Scratched back",
                          checked_at=timezone.now() - datetime.timedelta(days=30))  # fmt: skip
    ConditionCheckFactory(instrument=instrument, grade="poor", note="Loose seam")
    RepairFactory(instrument=instrument, fault="Cracked bridge", sent_on=datetime.date(2026, 7, 2),
                  returned_on=datetime.date(2026, 7, 20), cost=Decimal("45.00"))  # fmt: skip
    RepairFactory(instrument=instrument, fault="Open seam", sent_on=datetime.date(2026, 8, 1))
    client.force_login(store)
    response = client.get(reverse("instruments:instrument-detail", args=[instrument.public_id]))
    page = response.content.decode()
    assert '<h1 class="h2">VN-0007: 3/4 Violin, Stentor Student II</h1>' in page
    history = response.context["history"]
    assert [hire.is_class_set for hire in history.hires] == [True, False]
    assert f"Class set: {school.name}" in page
    assert "Amira" in page
    assert [check.note for check in history.checks] == ["Loose seam", "Scratched back"]
    assert [repair.fault for repair in history.repairs] == ["Open seam", "Cracked bridge"]
    assert "Still away" in page
    assert "£45.00" in page


def test_an_unknown_instrument_is_not_found(client, store):
    client.force_login(store)
    for name in ("instruments:instrument-detail", "instruments:instrument-edit"):
        assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404


def _form(**changes) -> dict:
    data = {
        "asset_tag": "vn-0042",
        "instrument_type": str(violin().pk),
        "size": "3/4",
        "make": "Stentor",
        "model": "Student II",
        "serial_number": "S42",
        "condition": "good",
        "purchased_on": "2024-09-01",
        "purchase_cost": "189.00",
        "replacement_value": "250",
        "status": "available",
        "school": "",
        "notes": "",
    }
    return {**data, **changes}


def test_an_instrument_is_added_at_a_school_and_its_page_opened(client, store, school):
    client.force_login(store)
    response = client.post(
        reverse("instruments:instrument-add"), _form(school=f"{school.name} ({school.urn})")
    )
    instrument = Instrument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:instrument-detail", args=[instrument.public_id])
    assert (instrument.asset_tag, instrument.school, instrument.replacement_value) == (
        "VN-0042",
        school,
        Decimal("250.00"),
    )


def test_a_bad_instrument_is_refused_with_each_error_at_its_field(client, store):
    client.force_login(store)
    response = client.post(
        reverse("instruments:instrument-add"), _form(size="7/8", replacement_value="-1", purchase_cost="lots")
    )
    page = response.content.decode()
    assert "<title>Error: Add an instrument" in page
    assert field_error_html("id_replacement_value", "A sum of money cannot be negative.") in page
    assert field_error_html("id_purchase_cost", "Give a sum in pounds, e.g. 450.00.") in page
    # The service's reason comes once the form's own are put right.
    response = client.post(reverse("instruments:instrument-add"), _form(size="7/8"))
    message = "Violin does not come in size “7/8”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."
    assert field_error_html("id_size", message) in response.content.decode()
    assert not Instrument.objects.exists()


def test_an_instrument_is_changed_but_not_its_status_while_it_is_on_hire(client, store):
    hired = HireFactory(instrument=InstrumentFactory(asset_tag="VN-0009")).instrument
    url = reverse("instruments:instrument-edit", args=[hired.public_id])
    client.force_login(store)
    assert client.get(url).context["form"]["asset_tag"].value() == "VN-0009"
    response = client.post(url, _form(asset_tag="VN-0009", status="lost"))
    message = (
        "VN-0009 is allocated or on hire: its status changes as the hire does "
        "(return it, or cancel the hire, first)."
    )
    assert field_error_html("id_status", message) in response.content.decode()
    response = client.post(url, _form(asset_tag="vn-0009", condition="fair"))
    assert response.status_code == 302
    hired.refresh_from_db()
    assert (hired.condition, hired.status) == ("fair", "available")


def test_hire_fees_are_set_for_a_year_and_a_bad_one_is_refused(client, store):
    year = academic_year(2026)
    HireFeeFactory(instrument_type=violin(), academic_year=year, termly_fee=Decimal("30.00"))
    factories.InstrumentTypeFactory(name="Piano", slug="piano", family="keyboard", hireable=False)
    clarinet()
    url = reverse("instruments:hire-fees-year", args=[2026])
    client.force_login(store)
    response = client.get(url)
    assert [item.name for item, _ in response.context["form"].rows()] == ["Clarinet", "Violin"]
    assert 'value="30.00"' in response.content.decode()

    response = client.post(url, {"fee_violin": "-2", "fee_clarinet": "40"})
    assert (
        field_error_html("id_fee_violin", "The fee for Violin cannot be negative.")
        in response.content.decode()
    )
    response = client.post(url, {"fee_violin": "32.50", "fee_clarinet": "40"}, follow=True)
    assert "Saved 2 hire fees for 2026/27." in response.content.decode()
    fees = dict(HireFee.objects.values_list("instrument_type__name", "termly_fee"))
    assert fees == {"Violin": Decimal("32.50"), "Clarinet": Decimal("40.00")}
    assert client.get(reverse("instruments:hire-fees-year", args=[2031])).status_code == 404


def test_the_store_and_the_hub_admin_find_instruments_in_the_menu_and_others_do_not(
    client, store, hub_admin, tutor
):
    link = f'<a class="nav-link" href="{LIST}">Instruments</a>'
    for user, shown in ((store, True), (hub_admin, True), (tutor, False)):
        client.force_login(user)
        assert (link in client.get(reverse("hub:staff-home")).content.decode()) is shown, user


def test_an_instrument_at_a_school_that_has_closed_stays_there_when_changed(client, store):
    closed = factories.SchoolFactory(name="Old Mill Primary", status="closed")
    instrument = InstrumentFactory(asset_tag="VN-0010", school=closed)
    url = reverse("instruments:instrument-edit", args=[instrument.public_id])
    client.force_login(store)
    assert f'value="Old Mill Primary ({closed.urn})"' in client.get(url).content.decode()
    response = client.post(url, _form(asset_tag="VN-0010", school=f"Old Mill Primary ({closed.urn})"))
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.school == closed
