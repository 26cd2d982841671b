"""The inventory import from real files (tests/data/): upsert by asset tag, the encodings spreadsheets save,
each kind of bad row reported with its row and column, and nothing imported from a file with any."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hub.models import AuditEvent
from instruments.errors import InstrumentsError
from instruments.models import Instrument
from instruments.services.inventory_import import ImportRefused, import_instruments
from tests import factories
from tests.instrument_factories import HireFactory, clarinet, violin

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def catalogue():
    """The types and the school the files name."""
    violin(), clarinet()
    return factories.SchoolFactory(urn=990501, name="Hillside Primary School")


def _import(name: str, by=None):
    return import_instruments(data=(DATA / name).read_bytes(), by=by)


def _instruments() -> dict[str, tuple]:
    return {
        item.asset_tag: (
            item.instrument_type.name,
            item.size,
            item.make,
            item.model,
            item.condition,
            item.purchased_on,
            item.purchase_cost,
            item.replacement_value,
            item.status,
            item.school.urn if item.school else "store",
        )
        for item in Instrument.objects.select_related("instrument_type", "school")
    }


GOOD = {
    "VN-0001": (
        "Violin", "3/4", "Stentor", "Student II", "good", datetime.date(2019, 9, 3),
        Decimal("189.00"), Decimal("250.00"), "available", "store",
    ),
    "VN-0002": (
        "Violin", "1/2", "Stentor", "Student I", "excellent", datetime.date(2021, 9, 1),
        Decimal("1150.50"), Decimal("260.00"), "on_hire", 990501,
    ),
    "CL-0001": ("Clarinet", "", "Buffet", "B12", "fair", None, None, Decimal("450.00"), "in_repair", "store"),
}  # fmt: skip


@pytest.mark.parametrize("name", ["instruments_good.csv", "instruments_utf8_bom.csv"])
def test_a_good_file_is_imported_tags_in_capitals_and_names_in_any_case(catalogue, hub_admin, name):
    report = _import(name, by=hub_admin)
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert _instruments() == GOOD
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, content_type__model="instrument")
    assert created.count() == 3
    assert {event.actor for event in created} == {hub_admin}


def test_a_windows_1252_file_keeps_its_accents_and_quotes(catalogue):
    _import("instruments_cp1252.csv")
    violin_row = Instrument.objects.get(asset_tag="VN-0001")
    assert (violin_row.make, violin_row.model) == ("Höfner", "“Student” – 2")
    assert violin_row.replacement_value == Decimal("250.00")
    assert Instrument.objects.get(asset_tag="CL-0001").school == catalogue


def test_a_second_file_upserts_by_tag_new_ones_added_changed_ones_changed_the_same_left(catalogue, hub_admin):
    _import("instruments_good.csv")
    first = Instrument.objects.get(asset_tag="VN-0001")
    report = _import("instruments_update.csv", by=hub_admin)
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    changed = Instrument.objects.get(asset_tag="VN-0001")
    assert changed.pk == first.pk
    assert (changed.condition, changed.status) == ("fair", "retired")
    assert changed.updated_at > first.updated_at
    assert Instrument.objects.get(asset_tag="VN-0003").school == catalogue
    assert Instrument.objects.count() == 4  # CL-0001, not in the second file, is kept
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.changes == {"condition": ["good", "fair"], "status": ["available", "retired"]}
    assert event.actor == hub_admin


BAD_ROWS = [
    (3, "asset_tag", "vn-0101", "The asset tag VN-0101 is also on row 2: put each instrument on one row."),
    (4, "type", "Vioiln", "No instrument type in the catalogue is called “Vioiln”."),
    (5, "size", "7/8",
        "Violin does not come in size “7/8”: choose from 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."),
    (6, "purchase_date", "31/02/2020", "“31/02/2020” is not a real date."),
    (7, "purchase_date", "2020/09/01", "“2020/09/01” is not a date written DD/MM/YYYY or YYYY-MM-DD."),
    (8, "purchase_cost", "12.345", "“12.345” is not a sum in pounds, such as 450.00 or £1,250."),
    (9, "replacement_value", "two hundred",
        "“two hundred” is not a sum in pounds, such as 450.00 or £1,250."),
    (10, "status", "borrowed",
        "“borrowed” is not a status: use one of available, on hire, in repair, retired, lost."),
    (11, "condition", "broken",
        "“broken” is not a condition: use one of new, excellent, good, fair, poor, unusable."),
    (12, "location", "999999", "No school in the register has the URN 999999."),
    (13, "location", "Hillside",
        "“Hillside” is not a location: give “store”, or the URN of a school (a number)."),
    (14, "", "VN-0112,Violin,3/4,Stentor", "The row has 4 columns; the header has 12."),
    (15, "size", "3/4", "Clarinet comes in one size: leave the size blank."),
    (16, "asset_tag", "", "Give the asset tag."),
    (16, "replacement_value", "-5", "The replacement value cannot be negative."),
]  # fmt: skip


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_imported(catalogue):
    with pytest.raises(ImportRefused) as refused:
        _import("instruments_bad_rows.csv")
    assert [(e.row, e.column, e.value, e.message) for e in refused.value.errors] == BAD_ROWS
    assert str(refused.value) == (
        "14 rows of the file have a problem, so nothing was imported. "
        "Put them right and import the file again."
    )
    # Not even row 2, which was good.
    assert not Instrument.objects.exists()


def test_a_bad_file_leaves_the_inventory_as_it_was(catalogue):
    _import("instruments_good.csv")
    with pytest.raises(ImportRefused):
        _import("instruments_bad_rows.csv")
    assert _instruments() == GOOD


def test_a_row_that_changes_the_status_of_an_instrument_on_hire_is_refused(catalogue):
    _import("instruments_good.csv")
    hired = Instrument.objects.get(asset_tag="VN-0001")
    HireFactory(instrument=hired)
    with pytest.raises(ImportRefused) as refused:
        _import("instruments_update.csv")
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, "status", "VN-0001 is allocated or on hire: its status changes as the hire does.")
    ]
    assert not Instrument.objects.filter(asset_tag="VN-0003").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("instruments_missing_columns.csv", "The file is missing columns: replacement_value, location."),
        ("gias_sample.csv", "This is not an inventory file: its first row has none of the columns"),
        ("gias_utf16.csv", "The file is UTF-16 text. Save it as CSV (Windows-1252 or UTF-8)"),
        ("binary.csv", "The file is not text: it holds NUL bytes, as a spreadsheet, PDF or UTF-16 file"),
        ("neither_utf8_nor_cp1252.csv", "The file is neither UTF-8 nor Windows-1252 text: line 2 holds"),
        ("empty.csv", "The file is empty."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_the_inventory_is_refused_before_any_row(catalogue, name, message):
    with pytest.raises(InstrumentsError) as refused:
        _import(name)
    assert str(refused.value).startswith(message), str(refused.value)
    assert not isinstance(refused.value, ImportRefused)
    assert not Instrument.objects.exists()


def test_a_header_alone_or_a_column_the_import_does_not_read_is_refused(catalogue):
    header = (DATA / "instruments_good.csv").read_bytes().splitlines()[0]
    with pytest.raises(InstrumentsError, match="The file has a header row but no instruments."):
        import_instruments(data=header + b"\r\n", by=None)
    data = (
        (DATA / "instruments_good.csv").read_bytes().decode().replace("location\r\n", "location,notes\r\n", 1)
    )
    data = data.replace(",store\r\n", ",store,\r\n").replace(",990501\r\n", ",990501,\r\n")
    with pytest.raises(InstrumentsError, match="The file has columns the import does not read: notes."):
        import_instruments(data=data.encode(), by=None)


def test_the_command_imports_a_file_and_lists_each_problem_of_a_bad_one(catalogue):
    out = StringIO()
    call_command("import_instruments", str(DATA / "instruments_good.csv"), stdout=out)
    assert "Created: 3" in out.getvalue()
    assert "Imported 3 instruments." in out.getvalue()
    err = StringIO()
    with pytest.raises(CommandError, match="14 rows of the file have a problem, so nothing was imported"):
        call_command(
            "import_instruments", str(DATA / "instruments_bad_rows.csv"), stdout=StringIO(), stderr=err
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == len(BAD_ROWS)
    assert lines[1] == "Row 4, type ('Vioiln'): No instrument type in the catalogue is called “Vioiln”."
    with pytest.raises(CommandError, match="The file cannot be opened: No such file or directory"):
        call_command("import_instruments", str(DATA / "no_such_file.csv"))


def test_the_page_shows_each_problem_and_imports_a_good_file(client, catalogue, store):
    client.force_login(store)
    url = reverse("instruments:instrument-import")
    with (DATA / "instruments_bad_rows.csv").open("rb") as upload:
        response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Import instruments" in page
    assert 'aria-invalid="true"' in page
    assert "14 rows of the file have a problem, so nothing was imported." in page
    assert (
        "<td>12</td><td>location</td><td>999999</td><td>No school in the register has the URN 999999.</td>"
        in page
    )
    assert not Instrument.objects.exists()

    with (DATA / "instruments_good.csv").open("rb") as upload:
        response = client.post(url, {"file": upload}, follow=True)
    assert response.redirect_chain == [(reverse("instruments:instrument-list"), 302)]
    assert (
        "instruments_good.csv: 3 instruments imported (3 new, 0 changed, 0 unchanged)."
        in response.content.decode()
    )
    assert Instrument.objects.count() == 3


def test_the_template_is_the_header_in_utf8_for_excel(client, store):
    client.force_login(store)
    response = client.get(reverse("instruments:instrument-import-template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="instruments-template.csv"'
    assert response.content == (
        b"\xef\xbb\xbfasset_tag,type,size,make,model,serial_number,condition,purchase_date,purchase_cost,"
        b"replacement_value,status,location\r\n"
    )
