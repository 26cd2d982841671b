"""Asset labels: instruments' tags as a PDF of label sheets, each label the tag as a QR code and as text.

The sheet is the common A4 one of 24 labels, 3 across and 8 down, each 70 x 37 mm with no gaps between them
(Avery 3474, Label Planet LP24/70S and the like); the page's half-millimetre top and bottom margins are the
sheet's. A scanner reading the code types the tag, as a person would, into the scanner desk's field.

The code is a PNG of one pixel a module, drawn unsmoothed: WeasyPrint lays out a sheet of PNGs twice as fast
as one of SVG paths (240 labels: about 2 s against 4 s), and at one pixel a module nothing is lost.
"""

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import qrcode
from qrcode.image.pil import PilImage

from hub.pdf import render_pdf

ACROSS, DOWN = 3, 8
LABELS_PER_SHEET = ACROSS * DOWN
WIDTH, HEIGHT, TOP = Decimal(70), Decimal(37), Decimal("0.5")  # millimetres; 8 x 37 = 296 of A4's 297
# The page asks a worker for at most ten sheets (about 3 s to draw); the instrument_labels command draws any
# number.
MOST_LABELS_AT_ONCE = 240
# The kind of recorded job that draws a sheet for the page (instruments.services.labels).
JOB_KIND = "instrument_labels"
# The white border the QR standard asks for around a code, in modules: nothing of the label prints in it.
QUIET_ZONE = 4


@dataclass(frozen=True)
class Label:
    """One label as the sheet prints it."""

    asset_tag: str
    instrument: str  # "3/4 Violin"
    make_and_model: str  # "Stentor Student II", or ""
    code: str  # the QR code of the tag, as a data: URI of a PNG


def qr_code(text: str) -> str:
    """The QR code of the text (medium error correction), as a data: URI of a PNG of one pixel a module."""
    image = qrcode.make(
        text,
        image_factory=PilImage,
        box_size=1,
        border=QUIET_ZONE,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    png = io.BytesIO()
    image.save(png)
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def label_of(row) -> Label:
    """A label for an instrument read as `instruments.selectors.labels` reads it."""
    name = row.instrument_type__name
    return Label(
        asset_tag=row.asset_tag,
        instrument=f"{row.size} {name}" if row.size else name,
        make_and_model=" ".join(part for part in (row.make, row.model) if part),
        code=qr_code(row.asset_tag),
    )


@dataclass(frozen=True)
class Place:
    """A label where it prints on its sheet: millimetres from the page's top left corner."""

    label: Label
    left: Decimal
    top: Decimal


def sheets(labels: Iterable[Label], *, skip: int = 0) -> list[list[Place]]:
    """The labels sheet by sheet, in rows across from the top left; the first `skip` places of the first
    sheet left blank (a sheet already partly used). Each is placed exactly, as floats of 70 mm across a page
    of 210 mm may wrap on a rounding."""
    numbered = list(enumerate(labels, start=skip))
    found: list[list[Place]] = []
    for number, label in numbered:
        if number % LABELS_PER_SHEET == 0 or not found:
            found.append([])
        row, column = divmod(number % LABELS_PER_SHEET, ACROSS)
        found[-1].append(Place(label, left=column * WIDTH, top=TOP + row * HEIGHT))
    return found


def label_sheet_pdf(labels: Iterable[Label], *, skip: int = 0) -> bytes:
    """The labels as a PDF of A4 label sheets, in the order given."""
    if not 0 <= skip < LABELS_PER_SHEET:
        raise ValueError(f"A sheet has {LABELS_PER_SHEET} labels: skip 0 to {LABELS_PER_SHEET - 1} of them.")
    return render_pdf("pdf/instrument_labels.html", {"sheets": sheets(labels, skip=skip)})
