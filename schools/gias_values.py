"""One row of the register of schools (GIAS) as a School's values. Only a row without a valid URN or name is
refused: a statistic that is suppressed ("SUPP", "x"), formatted ("1,104", "12.5%") or otherwise odd is read
where its meaning is plain, and else kept as unknown (blank) with a note of the column and the text."""

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hub.text import clean_text
from schools.models import School

# School field <- register column, for the plain text columns.
TEXT_COLUMNS = {
    "name": "EstablishmentName",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "establishment_type": "TypeOfEstablishment (name)",
    "street": "Street",
    "locality": "Locality",
    "address3": "Address3",
    "town": "Town",
    "county": "County (name)",
    "postcode": "Postcode",
    "telephone": "TelephoneNum",
    "website": "SchoolWebsite",
    "district_code": "DistrictAdministrative (code)",
    "district_name": "DistrictAdministrative (name)",
}
WHOLE_NUMBER_COLUMNS = {
    "statutory_low_age": "StatutoryLowAge",
    "statutory_high_age": "StatutoryHighAge",
    "number_on_roll": "NumberOfPupils",
    "boys": "NumberOfBoys",
    "girls": "NumberOfGirls",
}
URN = "URN"
NAME = TEXT_COLUMNS["name"]
PHASE = "PhaseOfEducation (name)"
STATUS = "EstablishmentStatus (name)"
HEAD = ("HeadTitle (name)", "HeadFirstName", "HeadLastName")
FSM = "PercentageFSM"
CHANGED_ON = "LastChangedDate"
COLUMNS = (
    URN,
    *TEXT_COLUMNS.values(),
    PHASE,
    STATUS,
    *HEAD,
    *WHOLE_NUMBER_COLUMNS.values(),
    FSM,
    CHANGED_ON,
)
STATUSES = {
    "Open": School.Status.OPEN,
    "Closed": School.Status.CLOSED,
    "Open, but proposed to close": School.Status.PROPOSED_TO_CLOSE,
    "Proposed to open": School.Status.PROPOSED_TO_OPEN,
}
IMPORTED_FIELDS = [
    *TEXT_COLUMNS,
    *WHOLE_NUMBER_COLUMNS,
    "phase",
    "status",
    "head_name",
    "percentage_fsm",
    "register_changed_on",
]
MAX_LENGTHS = {
    name: School._meta.get_field(name).max_length for name in [*TEXT_COLUMNS, "head_name", "phase"]
}
LARGEST = {"statutory_low_age": 32767, "statutory_high_age": 32767}
LARGEST_COUNT = 2_147_483_647

# What official statistics print instead of a figure: suppressed (SUPP, x, c), not applicable (z), not
# available (:, .., -, n/a). Anything else that is not a number is reported as not one.
WITHHELD = {"supp", "x", "c", "z", "low", "*", ":", "..", "-", "n/a", "na", "ne"}
_WHOLE = re.compile(r"\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|(\d+)\.0+")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%?")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Unknown:
    """A value of a row that the portal could not read, so keeps as unknown; the rest of the row is kept."""

    column: str
    value: str
    reason: str


def parse_urn(text: str) -> int:
    if not text:
        raise ValueError("the row has no URN")
    if not text.isdigit() or int(text) == 0 or int(text) > LARGEST_COUNT:
        raise ValueError(f"the URN {text!r} is not a URN (a whole number)")
    return int(text)


def school_values(row: dict) -> tuple[dict, list[Unknown]]:
    """The School fields of one register row, and the values kept as unknown; ValueError without a name."""
    unknown: list[Unknown] = []
    values = {
        field: _text(row[column], column, MAX_LENGTHS[field], unknown)
        for field, column in TEXT_COLUMNS.items()
    }
    name = clean_text(row[NAME])
    if not name:
        raise ValueError(f"the row has no {NAME}")
    if len(name) > MAX_LENGTHS["name"]:
        raise ValueError(f"{NAME} is longer than the portal keeps ({MAX_LENGTHS['name']} characters)")
    phase = clean_text(row[PHASE])
    values["phase"] = _text("" if phase == "Not applicable" else phase, PHASE, MAX_LENGTHS["phase"], unknown)
    values["status"] = _status(row[STATUS], unknown)
    head = " ".join(part for part in (clean_text(row[column]) for column in HEAD) if part)
    values["head_name"] = _text(head, "Head's name", MAX_LENGTHS["head_name"], unknown)
    for field, column in WHOLE_NUMBER_COLUMNS.items():
        parse = functools.partial(_whole_number, largest=LARGEST.get(field, LARGEST_COUNT))
        values[field] = _read(row[column], column, unknown, parse)
    values["percentage_fsm"] = _read(row[FSM], FSM, unknown, _percentage)
    values["register_changed_on"] = _read(row[CHANGED_ON], CHANGED_ON, unknown, _date)
    return values, unknown


def _text(text: str, column: str, limit: int, unknown: list[Unknown]) -> str:
    text = clean_text(text)
    if len(text) > limit:
        unknown.append(Unknown(column, text, f"longer than the portal keeps ({limit} characters)"))
        return ""
    return text


def _status(text: str, unknown: list[Unknown]) -> str:
    status = STATUSES.get(text)
    if status is None:
        unknown.append(Unknown(STATUS, text, "not a status the portal knows" if text else "no status given"))
        return School.Status.UNKNOWN
    return status


def _read(text: str, column: str, unknown: list[Unknown], parse):
    """The value parse reads from the text; None (unknown) when the text is blank or cannot be read."""
    if not text:
        return None
    if text.lower() in WITHHELD:
        unknown.append(Unknown(column, text, "suppressed or not available in the register"))
        return None
    try:
        return parse(text)
    except ValueError as error:
        unknown.append(Unknown(column, text, str(error)))
        return None


def _whole_number(text: str, *, largest: int) -> int:
    match = _WHOLE.fullmatch(text)
    if match is None:
        raise ValueError("not a whole number of 0 or more")
    number = int(match.group(1) or re.sub(r"\D", "", text))
    if number > largest:
        raise ValueError(f"larger than the portal keeps ({largest:,})")
    return number


def _percentage(text: str) -> Decimal:
    match = _PERCENT.fullmatch(text)
    if match is None:
        raise ValueError("not a percentage")
    value = Decimal(match.group(1))
    if value > 100:
        raise ValueError("not a possible percentage (0 to 100)")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(text: str) -> datetime.date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError("not a date (DD-MM-YYYY)")
