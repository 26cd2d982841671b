"""The register of schools: reading the GIAS CSV, upserting by URN, districts in hub areas, the command."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.models import AuditEvent, Job
from schools import gias
from schools.errors import SchoolsError
from schools.models import DistrictArea, School
from schools.services import districts as district_services
from tests import factories

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def run_import(name: str, **kwargs) -> gias.ImportReport:
    with open(DATA / name, "rb") as file:
        return gias.import_register(rows_or_file=file, la_codes=kwargs.get("la_codes"), by=None)


def register_state() -> list[tuple]:
    return list(
        School.objects.order_by("urn").values_list("urn", "name", "status", "area_id", "number_on_roll")
    )


# --- Files that are not the register ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("gias_utf16.csv", "The file is UTF-16 text."),
        ("binary.csv", "The file is not text: it holds NUL bytes"),
        (
            "neither_utf8_nor_cp1252.csv",
            "The file is neither UTF-8 nor Windows-1252 text: line 2 holds byte 0x81",
        ),
        ("gias_wrong_columns.csv", "The file is missing columns the portal needs: Postcode, PercentageFSM."),
        ("not_the_register.csv", "This is not the register's establishment CSV: its first row has none"),
        ("empty.csv", "The file is empty."),
        ("gias_header_only.csv", "The file has a header row but no schools."),
    ],
)
def test_a_file_that_is_not_the_register_changes_nothing_and_says_why(db, name, reason):
    factories.SchoolFactory(urn=100000, name="The Aldgate School (before)")
    before = register_state()
    with pytest.raises(SchoolsError) as refused:
        run_import(name)
    assert str(refused.value).startswith(reason)
    assert register_state() == before


def test_a_zip_or_excel_workbook_is_refused_by_name(db):
    with pytest.raises(SchoolsError, match="zip archive or an Excel workbook"):
        gias.import_register(rows_or_file=b"PK\x03\x04\x14\x00\x06\x00", la_codes=None, by=None)


def test_a_file_of_blank_lines_is_empty(db):
    with pytest.raises(SchoolsError, match="The file is empty."):
        gias.import_register(rows_or_file=b"\r\n\r\n  \r\n", la_codes=None, by=None)


def test_a_file_that_claims_utf8_with_a_byte_order_mark_but_is_not_is_refused(db):
    body = data("gias_cp1252.csv")
    with pytest.raises(SchoolsError, match="says it is UTF-8 .* but line 2 is not"):
        gias.import_register(rows_or_file=b"\xef\xbb\xbf" + body, la_codes=None, by=None)
    assert not School.objects.exists()


# --- Reading the register --------------------------------------------------------------------------------


def test_the_sample_imports_every_school_with_the_columns_the_portal_keeps(db):
    report = run_import("gias_sample.csv")

    assert (report.rows, report.created, report.updated, report.unchanged) == (7, 7, 0, 0)
    assert report.skipped == []
    aldgate = School.objects.get(urn=100000)
    assert aldgate.name == "The Aldgate School"
    assert (aldgate.la_code, aldgate.la_name) == ("201", "City of London")
    assert aldgate.establishment_type == "Voluntary aided school"
    assert aldgate.phase == "Primary"
    assert aldgate.status == School.Status.OPEN
    assert aldgate.address_lines == ["St James's Passage", "Duke's Place", "London", "EC3A 5DE"]
    assert (aldgate.telephone, aldgate.website) == ("2072831147", "www.thealdgateschool.org")
    assert aldgate.head_name == "Miss Alexandra Allan"
    assert (aldgate.statutory_low_age, aldgate.statutory_high_age) == (3, 11)
    assert (aldgate.number_on_roll, aldgate.boys, aldgate.girls) == (271, 144, 127)
    assert aldgate.percentage_fsm == Decimal("18.10")
    assert (aldgate.district_code, aldgate.district_name) == ("E09000001", "City of London")
    assert aldgate.register_changed_on == datetime.date(2024, 2, 9)
    assert aldgate.area is None

    nursery = School.objects.get(urn=100004)
    assert nursery.status == School.Status.CLOSED
    assert (nursery.number_on_roll, nursery.percentage_fsm, nursery.head_name) == (None, None, "")
    assert School.objects.get(urn=101173).phase == ""  # "Not applicable"
    assert School.objects.get(urn=101173).percentage_fsm == Decimal("0.00")


def test_a_windows_1252_file_with_accented_names_imports_correctly(db):
    report = run_import("gias_cp1252.csv")

    assert report.created == 3
    ecole = School.objects.get(urn=990001)
    assert ecole.name == "École Saint-André"
    assert ecole.head_name == "Mrs Zoë Brontë"
    assert ecole.percentage_fsm == Decimal("12.50")
    assert School.objects.get(urn=990002).name == "St Mary’s Church of England Primary School"
    assert School.objects.get(urn=990003).status == School.Status.PROPOSED_TO_CLOSE


def test_a_utf8_file_with_a_byte_order_mark_reads_the_same_as_the_windows_1252_one(db):
    run_import("gias_utf8_bom.csv")
    utf8 = register_state()
    School.objects.all().delete()
    run_import("gias_cp1252.csv")
    assert register_state() == utf8
    assert School.objects.get(urn=990002).name == "St Mary’s Church of England Primary School"


def test_rows_can_be_given_as_mappings_as_well_as_a_file(db):
    import csv

    rows = list(csv.DictReader(StringIO(data("gias_sample.csv").decode())))
    report = gias.import_register(rows_or_file=rows, la_codes={"878"}, by=None)
    assert (report.created, report.outside) == (1, 6)
    assert School.objects.get().name == "Chudleigh Knighton Church of England Primary School"


# --- Upserting by URN ------------------------------------------------------------------------------------


def test_a_second_import_of_the_same_file_changes_nothing(db):
    run_import("gias_sample.csv")
    before = register_state()

    report = run_import("gias_sample.csv")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 7)
    assert register_state() == before


def test_a_changed_row_updates_only_that_school_and_keeps_what_the_portal_adds(db):
    run_import("gias_sample.csv")
    aldgate = School.objects.get(urn=100000)
    contact = factories.SchoolContactFactory(school=aldgate)
    changed = data("gias_sample.csv").replace(b"The Aldgate School,", b"The Aldgate CE School,")
    changed = changed.replace(b"19-01-2023,271,144,127,18.10", b"19-01-2023,275,146,129,18.40")

    report = gias.import_register(rows_or_file=changed, la_codes=None, by=None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 6)
    aldgate.refresh_from_db()
    assert (aldgate.name, aldgate.number_on_roll, aldgate.percentage_fsm) == (
        "The Aldgate CE School",
        275,
        Decimal("18.40"),
    )
    assert aldgate.contacts.get() == contact


def test_a_school_that_closes_is_marked_closed_and_schools_missing_from_the_file_stay(db):
    run_import("gias_sample.csv")
    elsewhere = factories.SchoolFactory(urn=123456, name="Not In This File School")
    closed = data("gias_sample.csv").replace(
        b"Thomas Barnes Primary School,5,Foundation school,4,Local authority maintained schools,1,Open,",
        b"Thomas Barnes Primary School,5,Foundation school,4,Local authority maintained schools,2,Closed,",
    )
    assert closed != data("gias_sample.csv")

    report = gias.import_register(rows_or_file=closed, la_codes=None, by=None)

    assert report.updated == 1
    assert School.objects.get(urn=124087).status == School.Status.CLOSED
    assert School.objects.filter(pk=elsewhere.pk).exists()
    assert School.objects.count() == 8


def test_a_urn_twice_in_the_file_keeps_the_first_row_and_skips_the_later(db):
    report = run_import("gias_duplicates.csv")

    assert report.created == 2
    assert [(s.row, s.urn, s.reason) for s in report.skipped] == [
        (4, "100000", "URN 100000 is already on row 2; this later row was skipped")
    ]
    assert School.objects.get(urn=100000).name == "The Aldgate School"


def test_only_rows_without_a_valid_urn_or_that_cannot_be_read_are_skipped_and_odd_values_are_kept_unknown(db):
    report = run_import("gias_broken_rows.csv")

    assert report.rows == 9
    assert sorted(School.objects.values_list("urn", flat=True)) == [
        990101,
        990102,
        990103,
        990104,
        990106,
        990107,
        990109,
    ]
    assert [(s.row, s.urn, s.reason) for s in report.skipped] == [
        (6, "ABC123", "the URN 'ABC123' is not a URN (a whole number)"),
        (9, "990108", "the row has 40 columns; the header has 140"),
    ]
    assert [(w.row, w.urn, w.school, w.column, w.value, w.reason) for w in report.warnings] == [
        (3, "990102", "Many Pupils School", "NumberOfPupils", "lots", "not a whole number of 0 or more"),
        (4, "990103", "Bad Date School", "LastChangedDate", "31-02-2024", "not a date (DD-MM-YYYY)"),
        (
            5,
            "990104",
            "Impossible FSM School",
            "PercentageFSM",
            "140.0",
            "not a possible percentage (0 to 100)",
        ),
        (
            7,
            "990106",
            "Strange Status School",
            "EstablishmentStatus (name)",
            "Haunted",
            "not a status the portal knows",
        ),
    ]
    assert School.objects.get(urn=990102).number_on_roll is None
    assert School.objects.get(urn=990103).register_changed_on is None
    assert School.objects.get(urn=990104).percentage_fsm is None
    assert School.objects.get(urn=990106).status == School.Status.UNKNOWN


def test_a_value_longer_than_the_portal_keeps_is_kept_as_unknown_and_the_school_imported(db):
    long_postcode = data("gias_sample.csv").replace(b"EC3A 5DE", b"EC3A 5DE AND MORE")
    report = gias.import_register(rows_or_file=long_postcode, la_codes=None, by=None)
    assert (report.created, report.skipped) == (7, [])
    assert [(w.urn, w.column, w.value, w.reason) for w in report.warnings] == [
        ("100000", "Postcode", "EC3A 5DE AND MORE", "longer than the portal keeps (10 characters)")
    ]
    assert School.objects.get(urn=100000).postcode == ""


def test_a_name_longer_than_the_portal_keeps_skips_the_row(db):
    long_name = data("gias_sample.csv").replace(
        b"The Aldgate School,", b"The Aldgate School" + b" x" * 100 + b","
    )
    report = gias.import_register(rows_or_file=long_name, la_codes=None, by=None)
    assert report.created == 6
    assert report.skipped[0].reason == "EstablishmentName is longer than the portal keeps (200 characters)"


def test_the_la_filter_counts_other_authorities_without_listing_them(db):
    report = run_import("gias_sample.csv", la_codes={"201", "202"})

    assert (report.created, report.outside, report.skipped) == (2, 5, [])
    assert sorted(School.objects.values_list("la_code", flat=True)) == ["201", "202"]
    assert "Outside the hub's authorities (201, 202): 5" in report.summary_lines()


# --- Districts and hub areas -----------------------------------------------------------------------------


def test_each_school_takes_its_area_from_its_district_and_unmapped_districts_are_reported(db):
    north, south = factories.AreaFactory(name="North"), factories.AreaFactory(name="South")
    DistrictArea.objects.create(district_code="E07000901", district_name="Brindleton North", area=north)
    DistrictArea.objects.create(district_code="E07000903", district_name="Brindleton South", area=south)

    report = run_import("gias_broken_rows.csv")

    assert School.objects.get(urn=990101).area == north
    assert School.objects.get(urn=990107).area == south
    assert School.objects.get(urn=990109).area is None
    assert report.unmapped_districts == {"Farshire Fells": 1}
    assert report.unmapped_line() == "1 schools in districts with no hub area: Farshire Fells (1)"


def test_an_unmapped_district_leaves_a_schools_area_as_it_was(db):
    run_import("gias_cp1252.csv")
    kept = factories.AreaFactory(name="Set by hand")
    School.objects.filter(urn=990002).update(area=kept)

    report = run_import("gias_cp1252.csv")

    assert report.unchanged == 3
    assert School.objects.get(urn=990002).area == kept
    assert report.unmapped_districts == {"Ashby and District": 2, "Brindleton North": 1}


def test_mapping_a_district_moves_its_schools_and_a_later_import_keeps_them_there(db, hub_admin):
    run_import("gias_cp1252.csv")
    ashby = factories.AreaFactory(name="Ashby")

    moved = district_services.set_district_area(
        district_code="E07000902", district_name="Ashby and District", area=ashby, by=hub_admin
    )

    assert moved == 2
    assert set(School.objects.filter(area=ashby).values_list("urn", flat=True)) == {990002, 990003}
    assert AuditEvent.objects.get(object_repr__contains="E07000902").actor == hub_admin
    report = run_import("gias_cp1252.csv")
    assert report.unchanged == 3
    assert report.unmapped_districts == {"Brindleton North": 1}


def test_taking_a_district_out_of_every_area_clears_its_schools_area(db, hub_admin):
    run_import("gias_cp1252.csv")
    ashby = factories.AreaFactory(name="Ashby")
    district_services.set_district_area(
        district_code="E07000902", district_name="Ashby", area=ashby, by=hub_admin
    )

    moved = district_services.set_district_area(
        district_code="E07000902", district_name="Ashby", area=None, by=hub_admin
    )

    assert moved == 2
    assert not DistrictArea.objects.exists()
    assert not School.objects.filter(area=ashby).exists()


def test_the_districts_page_saves_a_mapping_and_reapplies_it_to_the_districts_schools(client, hub_admin):
    run_import("gias_cp1252.csv")
    ashby = factories.AreaFactory(name="Ashby")
    client.force_login(hub_admin)
    url = reverse("schools:district-areas")
    page = client.get(url)
    assert b"Area for Ashby and District" in page.content

    response = client.post(url, {"district_E07000902": str(ashby.pk), "district_E07000901": ""}, follow=True)

    assert b"Saved 1 district; 2 schools moved." in response.content
    assert DistrictArea.objects.get().area == ashby
    assert set(School.objects.filter(area=ashby).values_list("urn", flat=True)) == {990002, 990003}
    assert School.objects.get(urn=990001).area is None


def test_only_a_hub_admin_may_save_district_areas(client, finance):
    run_import("gias_cp1252.csv")
    area = factories.AreaFactory()
    client.force_login(finance)
    response = client.post(reverse("schools:district-areas"), {"district_E07000902": str(area.pk)})
    assert response.status_code == 403
    assert not DistrictArea.objects.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_districts_page_runs_a_fixed_number_of_queries_however_many_districts(
    client, hub_admin, django_assert_max_num_queries
):
    client.force_login(hub_admin)
    url = reverse("schools:district-areas")

    def grow(first, count):
        for n in range(first, first + count):
            area = factories.AreaFactory()
            for _ in range(3):
                factories.SchoolFactory(
                    district_code=f"E0700{n:04d}", district_name=f"District {n}", area=area
                )
            DistrictArea.objects.create(
                district_code=f"E0700{n:04d}", district_name=f"District {n}", area=area
            )

    grow(0, 2)
    few = _queries(client, url)
    grow(2, 25)
    with django_assert_max_num_queries(10):  # 6 for the session, roles and menu; 4 for the page
        many = _queries(client, url)
    assert many == few
    assert School.objects.values("district_code").annotate(n=Count("id")).count() == 27


# --- Uploading a file ------------------------------------------------------------------------------------


def test_an_upload_is_imported_by_a_job_whose_page_shows_the_report(
    client, hub_admin, django_capture_on_commit_callbacks
):
    client.force_login(hub_admin)
    with open(DATA / "gias_broken_rows.csv", "rb") as file, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:register-import"), {"file": file, "la_codes": "931"})

    job = Job.objects.get(kind="register_import")
    assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    assert job.status == Job.Status.DONE
    assert (job.result["created"], job.result["skipped_count"], job.result["outside"]) == (7, 2, 0)
    assert job.result["warnings_count"] == 4
    page = client.get(response.url).content.decode()
    assert "Register of schools imported" in page
    assert "The URN &#x27;ABC123&#x27; is not a URN" in page
    warning = '<th scope="row">Many Pupils School</th><td>990102</td><td>NumberOfPupils</td>'
    assert warning + "<td><code>lots</code></td>" in page
    # The stored upload is removed once imported.
    assert not default_storage.exists(job.params["path"])


def test_a_second_import_while_one_is_under_way_is_refused(client, hub_admin):
    client.force_login(hub_admin)
    for expected in (302, 200):
        with open(DATA / "gias_sample.csv", "rb") as file:
            response = client.post(reverse("schools:register-import"), {"file": file, "la_codes": ""})
        assert response.status_code == expected
    assert "is already under way" in response.content.decode()


def test_a_refused_upload_shows_the_reason_by_the_file_field_and_changes_nothing(client, hub_admin):
    client.force_login(hub_admin)
    with open(DATA / "gias_wrong_columns.csv", "rb") as file:
        response = client.post(reverse("schools:register-import"), {"file": file, "la_codes": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is missing columns the portal needs: Postcode, PercentageFSM. Nothing was changed."
    ]
    assert not School.objects.exists()


def test_local_authority_codes_must_be_numbers(client, hub_admin):
    client.force_login(hub_admin)
    with open(DATA / "gias_sample.csv", "rb") as file:
        response = client.post(reverse("schools:register-import"), {"file": file, "la_codes": "931, Devon"})
    assert response.context["form"].errors["la_codes"] == [
        "Local authority codes are numbers such as 931; Devon is not one."
    ]
    assert not School.objects.exists()


# --- The command -----------------------------------------------------------------------------------------


def test_the_command_prints_counts_then_each_skip_and_unknown_value_then_unmapped_districts(db):
    out = StringIO()
    call_command("import_schools", str(DATA / "gias_broken_rows.csv"), "--la", "931", "932", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "Rows read: 9",
        "Created: 7",
        "Updated: 0",
        "Unchanged: 0",
        "Skipped: 2",
        "Values kept as unknown: 4",
        "Outside the hub's authorities (931, 932): 0",
        "Skipped row 6 (URN ABC123): the URN 'ABC123' is not a URN (a whole number)",
        "Skipped row 9 (URN 990108): the row has 40 columns; the header has 140",
        "Kept as unknown, row 3 (Many Pupils School, URN 990102): NumberOfPupils 'lots', "
        "not a whole number of 0 or more",
        "Kept as unknown, row 4 (Bad Date School, URN 990103): LastChangedDate '31-02-2024', "
        "not a date (DD-MM-YYYY)",
        "Kept as unknown, row 5 (Impossible FSM School, URN 990104): PercentageFSM '140.0', "
        "not a possible percentage (0 to 100)",
        "Kept as unknown, row 7 (Strange Status School, URN 990106): EstablishmentStatus (name) 'Haunted', "
        "not a status the portal knows",
        "7 schools in districts with no hub area: "
        "Brindleton North (2), Brindleton South (4), Farshire Fells (1)",
        "Imported 7 schools.",
    ]


def test_the_command_refuses_a_bad_file_with_the_reason(db):
    with pytest.raises(
        CommandError, match="The file was refused and nothing changed: The file is UTF-16 text."
    ):
        call_command("import_schools", str(DATA / "gias_utf16.csv"))
    with pytest.raises(CommandError, match="The file cannot be opened: No such file or directory"):
        call_command("import_schools", str(DATA / "no-such-file.csv"))


def test_the_command_exits_non_zero_for_a_refused_file(db):
    # The test database, so the refused import would touch nothing else even if it got that far.
    env = {**os.environ, "DATABASE_URL": f"postgres://{connection.settings_dict['USER']}@127.0.0.1:5432/"}
    env["DATABASE_URL"] += connection.settings_dict["NAME"]
    result = subprocess.run(
        [sys.executable, "manage.py", "import_schools", str(DATA / "gias_header_only.csv")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "The file has a header row but no schools." in result.stderr
    assert result.stdout == ""
