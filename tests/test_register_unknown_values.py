"""The register keeps every school: suppressed, blank or formatted statistics are read where their meaning is
plain and otherwise kept as unknown with a warning; only a row without a valid URN or name is skipped."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from hub.models import Job
from schools import gias
from schools.gias_values import school_values
from schools.models import School

DATA = Path(__file__).resolve().parent / "data"
FILES = ["gias_unreadable_values_cp1252.csv", "gias_unreadable_values_utf8.csv"]
WARNINGS = [
    (
        2,
        "990201",
        "Suppressed FSM School",
        "PercentageFSM",
        "SUPP",
        "suppressed or not available in the register",
    ),
    (3, "990202", "Crossed FSM School", "PercentageFSM", "x", "suppressed or not available in the register"),
    (7, "990206", "Impossible FSM School", "PercentageFSM", "140.0", "not a possible percentage (0 to 100)"),
    (8, "990207", "Odd Date School", "LastChangedDate", "31-02-2024", "not a date (DD-MM-YYYY)"),
    (
        9,
        "990208",
        "Haunted Status School",
        "EstablishmentStatus (name)",
        "Haunted",
        "not a status the portal knows",
    ),
]
SKIPPED = [
    (10, "990209", "the row has no EstablishmentName"),
    (11, "ABC210", "the URN 'ABC210' is not a URN (a whole number)"),
]


def run_import(name: str) -> gias.ImportReport:
    with open(DATA / name, "rb") as file:
        return gias.import_register(rows_or_file=file, la_codes=None, by=None)


def a_row(**changes: str) -> dict:
    """One register row (the first of the Windows-1252 fixture) with some columns changed."""
    _, row = next(iter(gias.read_register((DATA / "gias_cp1252.csv").read_bytes())))
    return {**row, **changes}


@pytest.mark.parametrize("name", FILES)
def test_every_school_with_a_name_and_urn_is_kept_and_each_unreadable_value_is_a_warning(db, name):
    report = run_import(name)

    assert report.rows == 11
    assert report.created == 9
    assert [(w.row, w.urn, w.school, w.column, w.value, w.reason) for w in report.warnings] == WARNINGS
    assert [(s.row, s.urn, s.reason) for s in report.skipped] == SKIPPED
    schools = School.objects.in_bulk(field_name="urn")
    assert schools[990201].percentage_fsm is None
    assert schools[990202].percentage_fsm is None
    assert (schools[990203].number_on_roll, schools[990203].boys) == (1104, 552)
    assert schools[990204].percentage_fsm == Decimal("12.50")
    assert schools[990206].percentage_fsm is None
    assert schools[990207].register_changed_on is None
    assert schools[990208].status == School.Status.UNKNOWN
    blank = schools[990211]
    assert (blank.number_on_roll, blank.percentage_fsm, blank.statutory_low_age) == (None, None, None)


@pytest.mark.parametrize("name", FILES)
def test_a_name_with_line_breaks_and_tabs_is_imported_on_one_line(db, name):
    run_import(name)

    school = School.objects.get(urn=990205)
    assert school.name == "Sainte-Thérèse Primary School"
    assert school.head_name == "Mrs Zoë Brontë"
    assert school.street == "Rue de l’Église"


def test_both_encodings_give_the_same_register_and_a_second_import_changes_nothing(db):
    run_import(FILES[0])
    first = list(School.objects.order_by("urn").values())
    report = run_import(FILES[1])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 9)
    assert list(School.objects.order_by("urn").values()) == first


def test_a_suppressed_figure_replaces_a_known_one_with_unknown(db):
    run_import("gias_cp1252.csv")
    assert School.objects.get(urn=990001).percentage_fsm == Decimal("12.50")
    suppressed = (DATA / "gias_cp1252.csv").read_bytes().replace(b",12.5,", b",SUPP,")

    report = gias.import_register(rows_or_file=suppressed, la_codes=None, by=None)

    assert (report.updated, len(report.warnings)) == (1, 1)
    assert School.objects.get(urn=990001).percentage_fsm is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1104", 1104),
        ("1,104", 1104),
        ("12,345,678", 12345678),
        ("1 104", 1104),
        ("1\u00a0104", 1104),
        ("106.0", 106),
        ("0", 0),
        ("1.104", None),
        ("1,10", None),
        ("-3", None),
        ("SUPP", None),
        ("c", None),
        ("lots", None),
        ("99999999999", None),
    ],
)
def test_a_pupil_count_is_read_where_its_meaning_is_plain(text, number):
    values, unknown = school_values(a_row(NumberOfPupils=text))
    assert values["number_on_roll"] == number
    assert [item.column for item in unknown] == ([] if number is not None else ["NumberOfPupils"])


@pytest.mark.parametrize(
    ("text", "percentage"),
    [
        ("12.5", Decimal("12.50")),
        ("12.5%", Decimal("12.50")),
        ("12.5 %", Decimal("12.50")),
        ("100", Decimal("100.00")),
        ("0.125", Decimal("0.13")),
        ("12,5", None),
        ("1e1", None),
        ("NaN", None),
        ("-1", None),
        ("100.01", None),
        ("x", None),
        ("SUPP", None),
    ],
)
def test_a_free_school_meals_percentage_is_read_where_its_meaning_is_plain(text, percentage):
    values, unknown = school_values(a_row(PercentageFSM=text))
    assert values["percentage_fsm"] == percentage
    assert [item.value for item in unknown] == ([] if percentage is not None else [text])


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("09-02-2024", datetime.date(2024, 2, 9)),
        ("09/02/2024", datetime.date(2024, 2, 9)),
        ("2024-02-09", datetime.date(2024, 2, 9)),
        ("29-02-2023", None),
        ("soon", None),
    ],
)
def test_a_last_changed_date_is_read_in_the_forms_a_spreadsheet_writes(text, date):
    values, _ = school_values(a_row(LastChangedDate=text))
    assert values["register_changed_on"] == date


def test_a_name_made_only_of_control_characters_is_no_name(db):
    with pytest.raises(ValueError, match="the row has no EstablishmentName"):
        school_values(a_row(EstablishmentName="\r\n\t"))


def test_the_command_lists_each_value_kept_as_unknown_beside_its_school(db):
    out = StringIO()
    call_command("import_schools", str(DATA / "gias_unreadable_values_cp1252.csv"), stdout=out)

    lines = out.getvalue().splitlines()
    assert "Values kept as unknown: 5" in lines
    assert (
        "Kept as unknown, row 2 (Suppressed FSM School, URN 990201): PercentageFSM 'SUPP', "
        "suppressed or not available in the register"
    ) in lines
    assert "Skipped row 10 (URN 990209): the row has no EstablishmentName" in lines
    assert lines[-1] == "Imported 9 schools."


@pytest.mark.parametrize("name", FILES)
def test_the_upload_pages_job_report_lists_each_value_kept_as_unknown(
    client, hub_admin, django_capture_on_commit_callbacks, name
):
    client.force_login(hub_admin)
    with open(DATA / name, "rb") as file, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:register-import"), {"file": file, "la_codes": ""})

    job = Job.objects.get(kind="register_import")
    assert (job.result["created"], job.result["skipped_count"], job.result["warnings_count"]) == (9, 2, 5)
    page = client.get(response.url).content.decode()
    assert "Values kept as unknown" in page
    for _, urn, school, column, value, reason in WARNINGS:
        row = (
            f'<th scope="row">{school}</th><td>{urn}</td><td>{column}</td><td><code>{value}</code></td>'
            f"<td>{reason[0].upper()}{reason[1:]}</td>"
        )
        assert row in page
    assert "Sainte-Thérèse Primary School" not in page  # read cleanly, so not a warning
