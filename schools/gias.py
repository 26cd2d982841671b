"""The national register of schools (GIAS): reading its establishment CSV and upserting schools by URN. A row
becomes a school's values in gias_values.py; districts and hub areas are in services/districts.py."""

import csv
import io
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from django.db import connection, transaction

from hub.csv_files import CsvFileError, decode_csv
from hub.models import User
from schools.errors import SchoolsError
from schools.gias_values import COLUMNS, IMPORTED_FIELDS, URN, parse_urn, school_values
from schools.models import DistrictArea, School

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Two imports at once would race to create the same URNs; they queue on this PostgreSQL advisory lock.
IMPORT_LOCK_KEY = 0x6_1A5_0001

NO_DISTRICT = "(no district)"
PROBLEM = "_problem"  # set instead of the columns on a row that cannot be read


@dataclass(frozen=True)
class Skip:
    """A row of the file that was not imported, and why; rows are numbered as a spreadsheet shows them."""

    row: int
    urn: str
    reason: str


@dataclass(frozen=True)
class UnknownValue:
    """A school imported with one value kept as unknown: the column, the text in the file, and why."""

    row: int
    urn: str
    school: str
    column: str
    value: str
    reason: str


@dataclass
class ImportReport:
    """What an import did: counts, each skipped row and why, each value kept as unknown, and the schools whose
    district has no area."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outside: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[UnknownValue] = field(default_factory=list)
    unmapped_districts: dict[str, int] = field(default_factory=dict)
    la_codes: frozenset[str] = frozenset()

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def unmapped_schools(self) -> int:
        return sum(self.unmapped_districts.values())

    def summary_lines(self) -> list[str]:
        lines = [
            f"Rows read: {self.rows}",
            f"Created: {self.created}",
            f"Updated: {self.updated}",
            f"Unchanged: {self.unchanged}",
            f"Skipped: {len(self.skipped)}",
            f"Values kept as unknown: {len(self.warnings)}",
        ]
        if self.la_codes:
            lines.append(
                f"Outside the hub's authorities ({', '.join(sorted(self.la_codes))}): {self.outside}"
            )
        return lines

    def unmapped_line(self) -> str:
        names = ", ".join(f"{name} ({count})" for name, count in self.unmapped_districts.items())
        return f"{self.unmapped_schools} schools in districts with no hub area: {names}"


# --- Reading the file ------------------------------------------------------------------------------------


def decode_register(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) if it is that, else Windows-1252."""
    try:
        return decode_csv(data, upload_hint="Upload the register's CSV file as downloaded.")
    except CsvFileError as error:
        raise SchoolsError(str(error)) from error


def read_register(rows_or_file: bytes | BinaryIO | Iterable[Mapping[str, str]]) -> Iterator[tuple[int, dict]]:
    """Each row of the register as (spreadsheet row number, {column: text}) for the columns the portal uses.

    Raises SchoolsError, before yielding anything, when the file is not the register's CSV.
    """
    header, rows = _header_and_rows(rows_or_file)
    header = [name.strip() for name in header]
    missing = [name for name in COLUMNS if name not in header]
    if len(missing) == len(COLUMNS):
        raise SchoolsError(
            "This is not the register's establishment CSV: its first row has none of the columns the portal "
            f"needs ({', '.join(COLUMNS)})."
        )
    if missing:
        raise SchoolsError(f"The file is missing columns the portal needs: {', '.join(missing)}.")
    return _rows(header, rows)


def _header_and_rows(rows_or_file) -> tuple[list[str], Iterator[list[str]]]:
    if isinstance(rows_or_file, bytes | bytearray):
        data = bytes(rows_or_file)
    elif hasattr(rows_or_file, "read"):
        data = rows_or_file.read()
    else:
        return _header_and_rows_of_mappings(rows_or_file)
    text = data if isinstance(data, str) else decode_register(data)
    if not text.strip():
        raise SchoolsError("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        raise SchoolsError(f"The file's first row cannot be read as CSV: {error}.") from error
    return header, reader


def _header_and_rows_of_mappings(rows: Iterable[Mapping[str, str]]) -> tuple[list[str], Iterator[list[str]]]:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise SchoolsError("There are no rows to import.")
    header = list(first)

    def as_lists():
        for row in (first, *rows):
            yield [row.get(name) or "" for name in header]

    return header, as_lists()


def _rows(header: list[str], rows: Iterator[list[str]]) -> Iterator[tuple[int, dict]]:
    wanted = [(name, header.index(name)) for name in COLUMNS]
    width = len(header)
    row_number = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise SchoolsError(f"Row {row_number + 1} cannot be read as CSV: {error}.") from error
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue  # blank lines, often left at the end by spreadsheets
        if len(row) != width:
            problem = f"the row has {len(row)} columns; the header has {width}"
            yield row_number, {URN: row[0].strip(), PROBLEM: problem}
            continue
        yield row_number, {name: row[index].strip() for name, index in wanted}


# --- The import ------------------------------------------------------------------------------------------


@transaction.atomic
def import_register(
    *,
    rows_or_file: bytes | BinaryIO | Iterable[Mapping[str, str]],
    la_codes: set[str] | None = None,
    by: User | None = None,
) -> ImportReport:
    """Upsert the register's schools by URN; a bad file changes nothing, a bad row skips only that row."""
    report = ImportReport(la_codes=frozenset(la_codes or ()))
    schools: dict[int, dict] = {}
    first_row: dict[int, int] = {}
    for row_number, row in read_register(rows_or_file):
        report.rows += 1
        school = _school_of_row(row_number, row, report, first_row)
        if school is not None:
            urn, schools[urn] = school
    if report.rows == 0:
        raise SchoolsError("The file has a header row but no schools.")
    _upsert(schools, report)
    logger.info(
        "Register import by %s: %s rows, %s created, %s updated, %s unchanged, %s skipped, %s outside, "
        "%s values kept as unknown.",
        by or "a command",
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        len(report.skipped),
        report.outside,
        len(report.warnings),
    )
    return report


def _school_of_row(
    row_number: int, row: dict, report: ImportReport, first_row: dict[int, int]
) -> tuple[int, dict] | None:
    """(URN, School values) of a row, noting each value kept as unknown; None for a row not imported."""
    if PROBLEM in row:
        report.skipped.append(Skip(row_number, row[URN], row[PROBLEM]))
        return None
    if report.la_codes and row["LA (code)"] not in report.la_codes:
        report.outside += 1
        return None
    try:
        urn = parse_urn(row[URN])
    except ValueError as error:
        report.skipped.append(Skip(row_number, row[URN], str(error)))
        return None
    if urn in first_row:
        reason = f"URN {urn} is already on row {first_row[urn]}; this later row was skipped"
        report.skipped.append(Skip(row_number, row[URN], reason))
        return None
    first_row[urn] = row_number
    try:
        values, unknown = school_values(row)
    except ValueError as error:
        report.skipped.append(Skip(row_number, row[URN], str(error)))
        return None
    report.warnings.extend(
        UnknownValue(row_number, row[URN], values["name"], item.column, item.value, item.reason)
        for item in unknown
    )
    return urn, values


def _upsert(schools: dict[int, dict], report: ImportReport) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    existing = School.objects.in_bulk(list(schools), field_name="urn")
    areas = dict(DistrictArea.objects.values_list("district_code", "area_id"))
    unmapped: Counter[str] = Counter()
    to_create, to_update = [], []
    for urn, values in schools.items():
        area_id = areas.get(values["district_code"])
        if area_id is None:
            unmapped[_district_label(values)] += 1
        school = existing.get(urn)
        if school is None:
            to_create.append(School(urn=urn, area_id=area_id, **values))
            continue
        if area_id is None:
            area_id = school.area_id  # an unmapped district leaves the school's area as it was
        if area_id == school.area_id and all(getattr(school, k) == v for k, v in values.items()):
            report.unchanged += 1
            continue
        for name, value in values.items():
            setattr(school, name, value)
        school.area_id = area_id
        to_update.append(school)
    School.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    School.objects.bulk_update(to_update, [*IMPORTED_FIELDS, "area"], batch_size=BATCH_SIZE)
    report.created, report.updated = len(to_create), len(to_update)
    report.unmapped_districts = dict(sorted(unmapped.items()))


def _district_label(values: dict) -> str:
    if not values["district_code"]:
        return NO_DISTRICT
    return values["district_name"] or values["district_code"]


def check_register_file(data: bytes) -> None:
    """Refuse at once, with the reason, a file that is not the register's CSV or has no schools in it."""
    if next(read_register(data), None) is None:
        raise SchoolsError("The file has a header row but no schools.")


def report_as_dict(report: ImportReport, *, skips_kept: int = 1000) -> dict:
    """The report as a job keeps it (JSON): counts, the first skipped rows, districts with no area."""
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "outside": report.outside,
        "skipped_count": len(report.skipped),
        "skipped": [{"row": s.row, "urn": s.urn, "reason": s.reason} for s in report.skipped[:skips_kept]],
        "warnings_count": len(report.warnings),
        "warnings": [asdict(warning) for warning in report.warnings[:skips_kept]],
        "unmapped_districts": report.unmapped_districts,
        "unmapped_schools": report.unmapped_schools,
        "la_codes": sorted(report.la_codes),
    }
