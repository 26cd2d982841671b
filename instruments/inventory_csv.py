"""The inventory's CSV file: its columns, the template to fill in, and each row read into an instrument's
values or the problems with it, column by column.

Rows are numbered as a spreadsheet shows them (the header is row 1): the file's line number, unless a cell
holds a line break. The text is read by hub/csv_files.py, as the register of schools is.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from hub.csv_files import CsvFileError, read_csv
from hub.models import InstrumentType
from hub.money import round_money
from instruments.errors import InstrumentsError
from instruments.models import Condition, Instrument
from instruments.services.inventory import normalise_tag, size_of, tag_problem, type_problem
from schools.models import School

COLUMNS = (
    "asset_tag",
    "type",
    "size",
    "make",
    "model",
    "serial_number",
    "condition",
    "purchase_date",
    "purchase_cost",
    "replacement_value",
    "status",
    "location",
)
# The column of the file -> the instrument's field.
FIELDS = {
    "asset_tag": "asset_tag",
    "type": "instrument_type",
    "size": "size",
    "make": "make",
    "model": "model",
    "serial_number": "serial_number",
    "condition": "condition",
    "purchase_date": "purchased_on",
    "purchase_cost": "purchase_cost",
    "replacement_value": "replacement_value",
    "status": "status",
    "location": "school",
}
STORE = "store"
UPLOAD_HINT = "Save the inventory from the spreadsheet as CSV (UTF-8 or Windows-1252) and upload that."
LARGEST_SUM = Decimal("999999.99")
MONEY_TEXT = re.compile(r"£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?")
DATE_FORMATS = (
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"),
)


@dataclass(frozen=True)
class RowError:
    """A problem with a row of the file: its number, the column ("" for the whole row), what it held, why."""

    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class InventoryRow:
    """A row read without a problem: its number and the instrument's values (the type and school as rows)."""

    row: int
    values: dict


@dataclass(frozen=True)
class Lookups:
    """What the rows name, read once for the file: every instrument type by name, the schools by URN."""

    types: dict[str, InstrumentType]
    schools: dict[int, School]

    @classmethod
    def for_locations(cls, locations: Iterable[str]) -> "Lookups":
        urns = {int(text) for text in locations if text.isdigit() and len(text) <= 9}
        return cls(
            types={item.name.casefold(): item for item in InstrumentType.objects.all()},
            schools=School.objects.in_bulk(urns, field_name="urn") if urns else {},
        )


def template_csv() -> str:
    """The template to fill in: the header row (the import page says what each column takes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    return out.getvalue()


def read_inventory(data: bytes) -> tuple[list[InventoryRow], list[RowError]]:
    """Every row of the file read: those without a problem, and each problem of the others.

    Raises InstrumentsError, before reading a row, for a file that is not the inventory's CSV."""
    try:
        header, numbered = read_csv(data, upload_hint=UPLOAD_HINT)
        positions = _positions(header)
        rows = [(number, cells) for number, cells in numbered]
    except CsvFileError as error:
        raise InstrumentsError(str(error)) from error
    if not rows:
        raise InstrumentsError("The file has a header row but no instruments.")
    location = positions["location"]
    lookups = Lookups.for_locations(cells[location].strip() for _, cells in rows if len(cells) > location)
    read, errors, first_row = [], [], {}
    for number, cells in rows:
        if len(cells) != len(header):
            message = f"The row has {len(cells)} columns; the header has {len(header)}."
            errors.append(RowError(number, "", ",".join(cells)[:60], message))
            continue
        cell = {name: cells[at].strip() for name, at in positions.items()}
        values, problems = _read_row(number, cell, lookups)
        problems[:0] = _repeated_tag(number, cell, values.get("asset_tag"), first_row)
        if problems:
            errors.extend(problems)
        else:
            read.append(InventoryRow(number, values))
    return read, errors


def _repeated_tag(
    number: int, cell: dict[str, str], tag: str | None, first_row: dict[str, int]
) -> list[RowError]:
    """A tag already on an earlier row (in any case); else the row is noted as its first."""
    if not tag:
        return []
    if tag in first_row:
        message = f"The asset tag {tag} is also on row {first_row[tag]}: put each instrument on one row."
        return [RowError(number, "asset_tag", cell["asset_tag"], message)]
    first_row[tag] = number
    return []


def _positions(header: list[str]) -> dict[str, int]:
    """Where each column is; refuses a file with a column missing, unknown or given twice."""
    names = [name.casefold() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    # A column without a name (a spreadsheet's trailing comma) holds nothing the import could miss.
    unknown = [name for name in header if name and name.casefold() not in COLUMNS]
    twice = sorted({name for name in names if names.count(name) > 1 and name in COLUMNS})
    if len(missing) == len(COLUMNS):
        raise InstrumentsError(
            f"This is not an inventory file: its first row has none of the columns {', '.join(COLUMNS)}."
        )
    if missing:
        raise InstrumentsError(f"The file is missing columns: {', '.join(missing)}. Start from the template.")
    if unknown:
        raise InstrumentsError(
            f"The file has columns the import does not read: {', '.join(unknown)}. Take them out, so that "
            "nothing seems imported that is not."
        )
    if twice:
        raise InstrumentsError(f"The file has these columns twice: {', '.join(twice)}.")
    return {name: names.index(name) for name in COLUMNS}


def _read_row(number: int, cells: dict[str, str], lookups: Lookups) -> tuple[dict, list[RowError]]:
    """The instrument's values from a row's cells, and a RowError for each cell that cannot be read."""
    values, problems = {}, []
    for column, read in READERS.items():
        try:
            values[FIELDS[column]] = read(cells[column], lookups)
        except ValueError as error:
            problems.append(RowError(number, column, cells[column], str(error)))
    instrument_type = values.get("instrument_type")
    if instrument_type is not None:
        try:
            values["size"] = size_of(instrument_type, cells["size"])
        except InstrumentsError as error:
            problems.append(RowError(number, "size", cells["size"], str(error)))
    return values, problems


# --- Each column -----------------------------------------------------------------------------------------


def _tag(text: str, lookups: Lookups) -> str:
    tag = normalise_tag(text)
    problem = tag_problem(tag)
    if problem:
        raise ValueError(problem)
    return tag


def _type(text: str, lookups: Lookups) -> InstrumentType:
    if not text:
        raise ValueError("Give the instrument type, as the catalogue names it (e.g. Violin).")
    instrument_type = lookups.types.get(" ".join(text.split()).casefold())
    if instrument_type is None:
        raise ValueError(f"No instrument type in the catalogue is called “{text}”.")
    problem = type_problem(instrument_type)
    if problem:
        raise ValueError(problem)
    return instrument_type


def _text(label: str) -> Callable[[str, Lookups], str]:
    largest = Instrument._meta.get_field(label).max_length

    def read(text: str, lookups: Lookups) -> str:
        if largest is not None and len(text) > largest:
            raise ValueError(
                f"The {label.replace('_', ' ')} is at most {largest} characters; this has {len(text)}."
            )
        return text

    return read


def _choice(choices: list[tuple[str, str]], noun: str) -> Callable[[str, Lookups], str]:
    listed = ", ".join(label.lower() for _, label in choices)

    def read(text: str, lookups: Lookups) -> str:
        key = re.sub(r"[\s_-]+", " ", text).strip().casefold()
        for value, label in choices:
            if key and key in (value.replace("_", " "), label.casefold()):
                return value
        if not key:
            raise ValueError(f"Give the {noun}: one of {listed}.")
        raise ValueError(f"“{text}” is not a {noun}: use one of {listed}.")

    return read


def _date(text: str, lookups: Lookups) -> datetime.date | None:
    if not text:
        return None
    for pattern, layout in DATE_FORMATS:
        if pattern.fullmatch(text):
            try:
                day = datetime.datetime.strptime(text, layout).date()
            except ValueError:
                raise ValueError(f"“{text}” is not a real date.") from None
            if day > timezone.localdate():
                raise ValueError(f"The purchase date {text} is in the future.")
            return day
    raise ValueError(f"“{text}” is not a date written DD/MM/YYYY or YYYY-MM-DD.")


def _money(noun: str, *, required: bool) -> Callable[[str, Lookups], Decimal | None]:
    def read(text: str, lookups: Lookups) -> Decimal | None:
        typed = text.replace(" ", "")
        if not typed:
            if required:
                raise ValueError(f"Give the {noun} in pounds, e.g. 450.00.")
            return None
        if typed.startswith(("-", "£-", "−", "£−")):
            raise ValueError(f"The {noun} cannot be negative.")
        if not MONEY_TEXT.fullmatch(typed):
            raise ValueError(f"“{text}” is not a sum in pounds, such as 450.00 or £1,250.")
        amount = round_money(Decimal(typed.lstrip("£").replace(",", "")))  # 450 -> 450.00, as stored
        if amount > LARGEST_SUM:
            raise ValueError(f"The {noun} is at most £{LARGEST_SUM:,}.")
        return amount

    return read


def _location(text: str, lookups: Lookups) -> School | None:
    if text.casefold() == STORE:
        return None
    if not text:
        raise ValueError("Give the location: “store”, or the URN of a school.")
    if not text.isdigit():
        raise ValueError(f"“{text}” is not a location: give “store”, or the URN of a school (a number).")
    school = lookups.schools.get(int(text)) if len(text) <= 9 else None
    if school is None:
        raise ValueError(f"No school in the register has the URN {text}.")
    return school


READERS: dict[str, Callable[[str, Lookups], object]] = {
    "asset_tag": _tag,
    "type": _type,
    "make": _text("make"),
    "model": _text("model"),
    "serial_number": _text("serial_number"),
    "condition": _choice(Condition.choices, "condition"),
    "purchase_date": _date,
    "purchase_cost": _money("purchase cost", required=False),
    "replacement_value": _money("replacement value", required=True),
    "status": _choice(Instrument.Status.choices, "status"),
    "location": _location,
}
