"""Reading a CSV file someone uploads: its text, as spreadsheets save it (UTF-8, with or without a byte order
mark, or Windows-1252, as Excel on Windows does), and its rows numbered as a spreadsheet shows them. The
register of schools (schools/gias.py) and the instrument store's inventory both read their files here.

Writing one for a spreadsheet to open: every text quoted and never a formula (`spreadsheet_text`), numbers
bare; the finance export (hub/billing/exports.py) and the instrument store's reports write theirs so.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection), even after trimming its spaces."""
    return f"'{value}" if value.lstrip(" ")[:1] in FORMULA_STARTS or value[:1] in FORMULA_STARTS else value


def csv_text(rows: Iterable[Sequence]) -> str:
    """Rows as CSV text: each text cell quoted and made safe (`spreadsheet_text`), numbers bare, so that a
    field holding a delimiter ("Oakfield;=1+1") stays one field, whichever one a spreadsheet guesses."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([spreadsheet_text(cell) if isinstance(cell, str) else cell for cell in row])
    return out.getvalue()


class CsvFileError(ValueError):
    """A file that cannot be read as CSV text, with the reason a person can read."""


def decode_csv(data: bytes, *, upload_hint: str) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) if it is that, else Windows-1252.

    `upload_hint` ends the messages about a file that is not text at all, saying what to upload instead.
    """
    if not data.strip():
        raise CsvFileError("The file is empty.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFileError(
            "The file is UTF-16 text. Save it as CSV (Windows-1252 or UTF-8) and upload that instead."
        )
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError(f"The file is a zip archive or an Excel workbook, not a CSV file. {upload_hint}")
    if b"\x00" in data:
        raise CsvFileError(
            "The file is not text: it holds NUL bytes, as a spreadsheet, PDF or UTF-16 file does. "
            + upload_hint
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start + len(codecs.BOM_UTF8)) + 1
            raise CsvFileError(
                f"The file says it is UTF-8 (it starts with a byte order mark) but line {line} is not."
            ) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CsvFileError(
            f"The file is neither UTF-8 nor Windows-1252 text: line {line} holds byte "
            f"0x{data[error.start]:02X}, which neither has. {upload_hint}"
        ) from error


def read_csv(data: bytes, *, upload_hint: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header row (each name stripped), and each row after it that holds anything, as (the row's number as
    a spreadsheet shows it, its cells). Raises CsvFileError for a file that is not CSV text; the rows raise it
    for a row that cannot be read."""
    text = decode_csv(data, upload_hint=upload_hint)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvFileError(f"The file's first row cannot be read as CSV: {error}.") from error
    except StopIteration:
        raise CsvFileError("The file is empty.") from None
    return [name.strip() for name in header], _numbered(reader)


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvFileError(f"Row {row_number + 1} cannot be read as CSV: {error}.") from error
        row_number += 1
        if any(
            cell.strip() for cell in row
        ):  # blank lines, often left at the end by spreadsheets, are skipped
            yield row_number, row
