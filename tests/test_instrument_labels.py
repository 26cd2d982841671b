"""Asset labels: the PDF read back (the tags as text, the QR codes as images of the tags' codes), the page and
the command, and what they refuse."""

import re
import subprocess
from pathlib import Path

import pytest
import qrcode
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from instruments import labels
from instruments.models import Instrument
from tests.conftest import ARTIFACTS
from tests.factories import InstrumentTypeFactory, SchoolFactory
from tests.hire_billing_factories import InstrumentFactory

pytestmark = pytest.mark.django_db
URL = reverse("instruments:label-sheet")


def _pages(data: bytes) -> list[str]:
    """Each page's text, as pdftotext reads it."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return [re.sub(r"[ \t]+", " ", page) for page in result.stdout.decode().split("\f")[:-1]]


def _codes(pdf: Path, tmp_path: Path) -> list[list[bool]]:
    """The module matrices of the PDF's images (the QR codes), in the order they are drawn."""
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "code")], check=True)
    matrices = []
    for png in sorted(tmp_path.glob("code-*.png")):
        image = Image.open(png).convert("1")
        width, height = image.size
        matrices.append([[image.getpixel((x, y)) == 0 for x in range(width)] for y in range(height)])
    return matrices


def _matrix(tag: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=labels.QUIET_ZONE, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(tag)
    code.make(fit=True)
    return code.get_matrix()


@pytest.fixture
def stock(db):
    cello = InstrumentTypeFactory(name="Cello", slug="cello", sizes=["1/2", "4/4"])
    return {
        "violin": InstrumentFactory(asset_tag="VN-0001"),
        "cello": InstrumentFactory(asset_tag="VC-0007", instrument_type=cello, size="1/2", make="Primavera"),
        "flute": InstrumentFactory(
            asset_tag="FL-0003",
            instrument_type=InstrumentTypeFactory(name="Flute", slug="flute"),
            size="",
            make="Yamaha",
            model="YFL-212",
            status=Instrument.Status.IN_REPAIR,
        ),
    }


def test_the_sheet_holds_each_tag_as_text_and_as_the_qr_code_of_the_tag(client, store, stock, tmp_path):
    client.force_login(store)
    response = client.get(URL, {"tags": "vn-0001, VC-0007\nFL-0003"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="asset-labels-')
    pages = _pages(response.content)
    assert len(pages) == 1
    text = pages[0]
    for expected in [
        "VN-0001",
        "3/4 Violin",
        "Stentor Student II",
        "VC-0007",
        "1/2 Cello",
        "Primavera",
        "FL-0003",
        "Flute",
        "Yamaha YFL-212",
    ]:
        assert expected in text, f"{expected!r} not on the sheet:\n{text}"
    assert "Property of" in text
    # In the order given: across the first row of the sheet.
    assert text.index("VN-0001") < text.index("VC-0007") < text.index("FL-0003")
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(response.content)
    assert _codes(pdf, tmp_path) == [_matrix("VN-0001"), _matrix("VC-0007"), _matrix("FL-0003")]


def test_a_full_sheet_is_24_and_the_next_label_starts_a_second(client, store, db):
    InstrumentFactory.create_batch(25)
    client.force_login(store)
    pages = _pages(client.get(URL, {"instrument_type": "violin"}).content)
    assert len(pages) == 2
    assert len(re.findall(r"HB-\d{4}", pages[0])) == 24
    assert len(re.findall(r"HB-\d{4}", pages[1])) == 1


def test_labels_used_on_the_first_sheet_are_skipped(client, store, stock):
    client.force_login(store)
    pages = _pages(client.get(URL, {"tags": "VN-0001 VC-0007 FL-0003", "skip": "22"}).content)
    assert [len(re.findall(r"[A-Z]{2}-\d{4}", page)) for page in pages] == [2, 1]


def test_the_inventory_filters_choose_the_instruments(client, store, stock):
    client.force_login(store)
    text = _pages(client.get(URL, {"status": "in_repair"}).content)[0]
    assert "FL-0003" in text and "VN-0001" not in text and "VC-0007" not in text
    at_school = SchoolFactory(name="Hillside Primary School", urn=123456)
    Instrument.objects.filter(pk=stock["cello"].pk).update(school=at_school)
    text = _pages(client.get(URL, {"location": "schools", "school": "Hillside"}).content)[0]
    assert "VC-0007" in text and "FL-0003" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tags": "VN-0001, XX-9, VN-0002"}, "No instrument has the tags XX-9, VN-0002. Put the tags right"),
        ({"tags": "VN-0001", "status": "available"}, "Give asset tags, or choose instruments by type"),
        ({"skip": "3"}, "Give the asset tags to print, or choose instruments"),
        ({"skip": "24", "tags": "VN-0001"}, "Ensure this value is less than or equal to 23."),
        ({"status": "lost"}, "No instrument matches, so there is nothing to print."),
    ],
)
def test_what_cannot_be_printed_is_said_with_the_error_pattern(client, store, stock, query, message):
    client.force_login(store)
    response = client.get(URL, query)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<title>Error:" in page
    assert message in page


def test_more_than_the_most_at_once_is_sent_to_the_command(client, store, stock, monkeypatch):
    monkeypatch.setattr(labels, "MOST_LABELS_AT_ONCE", 2)
    client.force_login(store)
    page = client.get(URL, {"instrument_type": ""} | {"location": "store"}).content.decode()
    assert "That is more than 2 labels, the most printed at once here" in page
    assert "instrument_labels command" in page


def test_the_page_without_a_choice_shows_the_form_and_says_which_sheet(client, store, db):
    client.force_login(store)
    page = client.get(URL).content.decode()
    assert "<title>Error:" not in page
    assert "3 across and 8 down, each 70 × 37 mm" in page and "Avery 3474" in page


def test_a_sheet_of_a_few_labels_takes_a_fixed_number_of_queries(
    client, store, db, django_assert_max_num_queries
):
    InstrumentFactory.create_batch(30)
    client.force_login(store)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"instrument_type": "violin", "size": "3/4"})
    assert response["Content-Type"] == "application/pdf"


def test_the_command_writes_the_labels_of_the_tags(stock, tmp_path, capsys):
    out = tmp_path / "labels.pdf"
    call_command("instrument_labels", "--tags", "VN-0001,fl-0003", "--out", str(out))
    assert "Wrote 2 labels on 1 sheet to" in capsys.readouterr().out
    text = _pages(out.read_bytes())[0]
    assert "VN-0001" in text and "FL-0003" in text and "VC-0007" not in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "instrument-labels.pdf").write_bytes(out.read_bytes())  # to look at
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            str(out),
            str(ARTIFACTS / "instrument-labels"),
        ],
        check=True,
    )


def test_the_command_chooses_by_type_and_status(stock, tmp_path):
    out = tmp_path / "labels.pdf"
    call_command("instrument_labels", "--type", "Cello", "--status", "available", "--out", str(out))
    text = _pages(out.read_bytes())[0]
    assert "VC-0007" in text and "VN-0001" not in text


def test_the_command_reports_unknown_tags_and_writes_nothing(stock, tmp_path):
    out = tmp_path / "labels.pdf"
    with pytest.raises(CommandError, match="No instrument has the tag NOPE-1. .* Nothing was written."):
        call_command("instrument_labels", "--tags", "VN-0001,NOPE-1", "--out", str(out))
    assert not out.exists()


def test_the_command_refuses_an_unknown_type_or_no_choice(stock, tmp_path):
    out = tmp_path / "labels.pdf"
    with pytest.raises(CommandError, match="No instrument type is called 'Kazoo'"):
        call_command("instrument_labels", "--type", "Kazoo", "--out", str(out))
    with pytest.raises(CommandError, match="Say which instruments"):
        call_command("instrument_labels", "--out", str(out))
    assert not out.exists()


def test_the_inventory_links_to_the_labels_of_what_it_found(client, store, stock):
    client.force_login(store)
    page = client.get(reverse("instruments:instrument-list"), {"status": "in_repair"}).content.decode()
    link = re.search(r'<a href="([^"]+)">Print their asset labels</a>', page)
    assert link and link.group(1) == f"{URL}?status=in_repair"
    text = _pages(client.get(link.group(1).replace("&amp;", "&")).content)[0]
    assert "FL-0003" in text and "VN-0001" not in text
