"""The instrument store's reports: stock by status, type and location, replacement value on hire and in the
store, on hire by school and by area; each a CSV file; a fixed number of queries however large the store."""

import codecs
import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from instruments.models import Instrument
from instruments.selectors import reports
from instruments.services import hires
from tests import factories
from tests.instrument_factories import InstrumentFactory, class_set, family_hire

pytestmark = pytest.mark.django_db
URL = reverse("instruments:reports")


@pytest.fixture
def stock(guardian, child, school, other_school):
    """Two violins ready in the store, one at Hillside, Amira's on hire, a class set of two at Riverside, a
    cello in repair, and a violin retired and another lost."""
    school.area = factories.AreaFactory(name="North", slug="north")
    school.save()
    other_school.area = factories.AreaFactory(name="South", slug="south")
    other_school.save()
    cello = factories.InstrumentTypeFactory(name="Cello", slug="cello")
    InstrumentFactory.create_batch(2)
    InstrumentFactory(school=school, replacement_value=Decimal("150.00"))
    family_hire(child, guardian, InstrumentFactory(replacement_value=Decimal("200.00")))
    class_set(other_school, 2)
    InstrumentFactory(instrument_type=cello, size="", status="in_repair", replacement_value=Decimal("900.00"))
    InstrumentFactory(status="retired", replacement_value=Decimal("50.00"))
    InstrumentFactory(status="lost")


def test_stock_by_status_counts_every_status_with_its_value(stock):
    table = reports.by_status()
    assert table.rows == [
        ("Available", 3, Decimal("510.00")),
        ("On hire", 3, Decimal("560.00")),
        ("In repair", 1, Decimal("900.00")),
        ("Retired", 1, Decimal("50.00")),
        ("Lost", 1, Decimal("180.00")),
    ]
    assert table.total == ("Total", 9, Decimal("2200.00"))


def test_stock_by_type_and_by_location_count_the_instruments_in_use(stock, school):
    assert reports.by_type().rows == [
        ("Cello", 1, 0, 0, 1, Decimal("900.00")),
        ("Violin", 6, 3, 3, 0, Decimal("1070.00")),
    ]
    by_location = reports.by_location()
    assert by_location.rows == [
        ("The store", 6, 2, 3, 1, Decimal("1820.00")),
        (f"Hillside Primary School ({school.urn})", 1, 1, 0, 0, Decimal("150.00")),
    ]
    assert by_location.total == ("Total", 7, 3, 3, 1, Decimal("1970.00"))


def test_replacement_value_on_hire_and_in_the_store(stock):
    assert reports.replacement_value().rows == [
        ("On hire", 3, Decimal("560.00")),
        ("In the store, available to lend", 2, Decimal("360.00")),
    ]


def test_on_hire_by_school_and_by_area(stock, school, other_school, guardian):
    other = factories.PupilFactory(school=None, other_school_name="St Elsewhere", guardians=[guardian])
    family_hire(other, guardian)
    assert reports.on_hire_by_school().rows == [
        (f"Hillside Primary School ({school.urn})", 1, 0, Decimal("200.00")),
        (f"Riverside Academy ({other_school.urn})", 0, 2, Decimal("360.00")),
        ("Other schools (not in the register)", 1, 0, Decimal("180.00")),
    ]
    assert reports.on_hire_by_area().rows == [
        ("North", 1, 0, Decimal("200.00")),
        ("South", 0, 2, Decimal("360.00")),
        ("No area", 1, 0, Decimal("180.00")),
    ]


def test_the_page_shows_every_table_in_a_fixed_number_of_queries(
    client, store, stock, school, django_assert_max_num_queries
):
    client.force_login(store)
    # Counting the stock and the hires by school and keeping the counts (the cache's writes) costs a few more
    # queries; kept, the page reads two fingerprints and the cache in their place.
    with django_assert_max_num_queries(16):
        client.get(URL)
    with django_assert_max_num_queries(10):
        page = client.get(URL).content.decode()
    for title in [
        "Stock by status",
        "Stock by type",
        "Stock by location",
        "Replacement value on hire and in the store",
        "On hire by school",
        "On hire by area",
    ]:
        assert f">{title}</h2>" in page
    assert "£2,200.00" in page and "Hillside Primary School" in page
    for n in range(20):
        InstrumentFactory(school=factories.SchoolFactory(), asset_tag=f"MORE-{n}")
    with django_assert_max_num_queries(16):  # the inventory has changed: counted again, and kept
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200


def test_the_page_counts_the_stock_again_as_soon_as_an_instrument_changes(stock):
    """The page keeps the stock's counts too, under the inventory's fingerprint: a change shows at once."""
    assert reports.reports_page().tables[0].rows[0] == ("Available", 3, Decimal("510.00"))
    lost = Instrument.objects.filter(status=Instrument.Status.AVAILABLE, school=None).first()
    lost.status = Instrument.Status.LOST
    lost.save()
    assert reports.reports_page().tables[0].rows[0][:2] == ("Available", 2)
    InstrumentFactory(replacement_value=Decimal("10.00"))
    assert reports.reports_page().tables[0].rows[0][:2] == ("Available", 3)


def test_the_hires_counted_by_school_are_kept_until_one_goes_out_or_comes_back(
    client, store, stock, child, guardian
):
    """The page keeps the hires' counts by school (a costly join at a county's scale) until a hire goes
    out or comes back: the page then shows the new count at once."""
    client.force_login(store)
    page = client.get(URL).content.decode()
    assert "Counted at" in page
    assert reports.reports_page("North").schools.rows[0][1:3] == (1, 0)
    hire = family_hire(factories.PupilFactory(school=child.school, guardians=[guardian]), guardian)
    assert reports.reports_page("North").schools.rows[0][1:3] == (2, 0)
    hires.return_hire(
        hire=hire, condition="good", damage_charge=Decimal(0), to_repair=False, note="", by=store
    )
    assert reports.reports_page("North").schools.rows[0][1:3] == (1, 0)


def test_the_page_shows_the_schools_of_the_area_chosen(client, store, stock, school, other_school):
    client.force_login(store)
    page = client.get(URL).content.decode()
    assert "Choose an area to see its schools:" in page
    assert 'href="?area=North#schools-heading"' in page and 'href="?area=South#schools-heading"' in page
    assert "Hillside Primary School" in page  # in the stock by location, not yet by school
    assert "On hire by school in" not in page
    north = client.get(URL, {"area": "North"}).content.decode()
    assert ">On hire by school in North</caption>" in north
    assert f"Hillside Primary School ({school.urn})</th>" in north
    assert f"Riverside Academy ({other_school.urn})" not in north
    assert 'aria-current="true" class="fw-bold">North</a>' in north
    # An area with nothing on hire (or none of that name) chooses none.
    assert "On hire by school in" not in client.get(URL, {"area": "Nowhere"}).content.decode()


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_each_table_downloads_as_csv_with_its_total(client, store, stock):
    client.force_login(store)
    for slug in reports.REPORTS:
        response = client.get(reverse("instruments:report-csv", kwargs={"table": slug}))
        assert response["Content-Disposition"].startswith(f'attachment; filename="instruments-{slug}-')
        rows = _csv(response)
        table = reports.REPORTS[slug]()
        assert rows[0] == list(table.headings)
        assert rows[-1][0] == "Total" and len(rows) == len(table.rows) + 2
    status = client.get(reverse("instruments:report-csv", kwargs={"table": "status"})).content.decode()
    assert '"Status","Instruments","Replacement value"' in status
    assert '"Available",3,510.00' in status  # text quoted, numbers bare


def test_a_school_name_that_starts_a_formula_is_neutralised(client, store, db):
    InstrumentFactory(school=factories.SchoolFactory(name="=HYPERLINK(evil)", urn=111111))
    client.force_login(store)
    rows = _csv(client.get(reverse("instruments:report-csv", kwargs={"table": "location"})))
    assert rows[1][0] == "'=HYPERLINK(evil) (111111)"


def test_an_unknown_table_is_not_found(client, store, db):
    client.force_login(store)
    assert client.get(reverse("instruments:report-csv", kwargs={"table": "nope"})).status_code == 404


def test_an_empty_store_reports_nothing_to_count(client, store, db):
    client.force_login(store)
    page = client.get(URL).content.decode()
    assert "Nothing to count yet." in page
    assert Instrument.objects.count() == 0
