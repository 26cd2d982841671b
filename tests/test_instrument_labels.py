"""Asset labels: the PDF read back (the tags as text, the QR codes as images of the tags' codes) from the
sheet a job drew and kept, the page that records the job and the download of its sheet, the command, and what
they refuse."""

import re
import subprocess
from pathlib import Path

import pytest
import qrcode
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from hub import jobs
from hub.documents import PREPARING
from hub.models import Job, JobItem
from instruments import labels
from instruments.models import Instrument
from tests.conftest import ARTIFACTS
from tests.factories import InstrumentTypeFactory, SchoolFactory
from tests.instrument_factories import InstrumentFactory

pytestmark = pytest.mark.django_db
URL = reverse("instruments:label-sheet")


def _download_url(job: Job) -> str:
    return reverse("instruments:label-sheet-download", kwargs={"public_id": job.public_id})


def _make(client, capture, data: dict) -> Job:
    """Post the form, run the job as a worker would (its queueing is on commit), and return the job."""
    with capture(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.filter(kind=labels.JOB_KIND).latest("pk")
    assert response["Location"] == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    return job


def _sheet(client, capture, data: dict) -> bytes:
    """The sheet a job drew for this choice, as the job's page links to it."""
    job = _make(client, capture, data)
    assert _download_url(job) in client.get(reverse("hub:job-detail", args=[job.public_id])).content.decode()
    response = client.get(_download_url(job))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="asset-labels-')
    return response.content


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


def test_the_sheet_holds_each_tag_as_text_and_as_the_qr_code_of_the_tag(
    client, store, stock, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(store)
    job = _make(client, django_capture_on_commit_callbacks, {"tags": "vn-0001, VC-0007\nFL-0003"})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.params == {"tags": ["VN-0001", "VC-0007", "FL-0003"], "skip": 0}
    assert job.result == {"labels": 3, "sheets": 1}
    with job.document.open("rb") as kept:
        stored = kept.read()
    pages = _pages(stored)
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
    pdf.write_bytes(stored)
    assert _codes(pdf, tmp_path) == [_matrix("VN-0001"), _matrix("VC-0007"), _matrix("FL-0003")]
    assert client.get(_download_url(job)).content == stored


def test_the_job_page_says_how_many_and_links_to_the_download(
    client, store, stock, django_capture_on_commit_callbacks
):
    client.force_login(store)
    job = _make(client, django_capture_on_commit_callbacks, {"tags": "VN-0001 VC-0007"})
    page = client.get(reverse("hub:job-detail", args=[job.public_id])).content.decode()
    assert "Asset labels, 2 labels" in page
    assert "1 of 1 made" in page
    assert "2 labels on 1 sheet." in page
    assert f'href="{_download_url(job)}"' in page and "Download the labels (PDF)" in page


def test_a_full_sheet_is_24_and_the_next_label_starts_a_second(
    client, store, db, django_capture_on_commit_callbacks
):
    InstrumentFactory.create_batch(25)
    client.force_login(store)
    pages = _pages(_sheet(client, django_capture_on_commit_callbacks, {"instrument_type": "violin"}))
    assert len(pages) == 2
    assert len(re.findall(r"ST-\d{4}", pages[0])) == 24
    assert len(re.findall(r"ST-\d{4}", pages[1])) == 1


def test_labels_used_on_the_first_sheet_are_skipped(client, store, stock, django_capture_on_commit_callbacks):
    client.force_login(store)
    data = {"tags": "VN-0001 VC-0007 FL-0003", "skip": "22"}
    pages = _pages(_sheet(client, django_capture_on_commit_callbacks, data))
    assert [len(re.findall(r"[A-Z]{2}-\d{4}", page)) for page in pages] == [2, 1]


def test_the_inventory_filters_choose_the_instruments(
    client, store, stock, django_capture_on_commit_callbacks
):
    client.force_login(store)
    text = _pages(_sheet(client, django_capture_on_commit_callbacks, {"status": "in_repair"}))[0]
    assert "FL-0003" in text and "VN-0001" not in text and "VC-0007" not in text
    at_school = SchoolFactory(name="Hillside Primary School", urn=123456)
    Instrument.objects.filter(pk=stock["cello"].pk).update(school=at_school)
    data = {"location": "schools", "school": "Hillside"}
    text = _pages(_sheet(client, django_capture_on_commit_callbacks, data))[0]
    assert "VC-0007" in text and "FL-0003" not in text


def test_the_sheet_is_of_the_instruments_chosen_then(
    client, store, stock, django_capture_on_commit_callbacks
):
    client.force_login(store)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, {"status": "in_repair"})
    job = Job.objects.get(kind=labels.JOB_KIND)
    Instrument.objects.filter(pk=stock["violin"].pk).update(status=Instrument.Status.IN_REPAIR)
    jobs.execute(job.pk)
    job.refresh_from_db()
    with job.document.open("rb") as kept:
        text = _pages(kept.read())[0]
    assert "FL-0003" in text and "VN-0001" not in text


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
    response = client.post(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert message in page
    assert not Job.objects.filter(kind=labels.JOB_KIND).exists()


def test_more_than_the_most_at_once_is_sent_to_the_command(client, store, stock, monkeypatch):
    monkeypatch.setattr(labels, "MOST_LABELS_AT_ONCE", 2)
    client.force_login(store)
    page = client.post(URL, {"instrument_type": ""} | {"location": "store"}).content.decode()
    assert "That is more than 2 labels, the most printed at once here" in page
    assert "instrument_labels command" in page
    assert not Job.objects.filter(kind=labels.JOB_KIND).exists()


def test_the_page_without_a_choice_shows_the_form_and_says_which_sheet(client, store, db):
    client.force_login(store)
    page = client.get(URL).content.decode()
    assert "<title>Error:" not in page
    assert "3 across and 8 down, each 70 × 37 mm" in page and "Avery 3474" in page
    assert 'method="post"' in page and "Make the labels" in page


def test_the_inventory_links_to_the_labels_of_what_it_found(
    client, store, stock, django_capture_on_commit_callbacks
):
    client.force_login(store)
    page = client.get(reverse("instruments:instrument-list"), {"status": "in_repair"}).content.decode()
    link = re.search(r'<a href="([^"]+)">Print their asset labels</a>', page)
    assert link and link.group(1) == f"{URL}?status=in_repair"
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert '<option value="in_repair" selected>' in form
    assert "<title>Error:" not in form and not Job.objects.exists()
    text = _pages(_sheet(client, django_capture_on_commit_callbacks, {"status": "in_repair"}))[0]
    assert "FL-0003" in text and "VN-0001" not in text


def test_recording_a_sheet_takes_a_fixed_number_of_queries(client, store, db, django_assert_num_queries):
    InstrumentFactory.create_batch(30)
    client.force_login(store)
    with django_assert_num_queries(9):
        response = client.post(URL, {"instrument_type": "violin", "size": "3/4"})
    assert response.status_code == 302
    assert len(Job.objects.get(kind=labels.JOB_KIND).params["tags"]) == 30


def test_a_double_click_records_one_sheet_and_a_new_choice_another(client, store, stock):
    client.force_login(store)
    # No on-commit callback runs: the first job is still waiting for a worker when the second click comes.
    first = client.post(URL, {"tags": "VN-0001"})
    second = client.post(URL, {"tags": "VN-0001"})
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=labels.JOB_KIND).count() == 1
    client.post(URL, {"tags": "VN-0001", "skip": "1"})
    assert Job.objects.filter(kind=labels.JOB_KIND).count() == 2


def test_the_download_never_draws_a_sheet_not_drawn_yet(client, store, stock, monkeypatch):
    client.force_login(store)
    client.post(URL, {"tags": "VN-0001"})  # recorded; no worker has reached it
    job = Job.objects.get(kind=labels.JOB_KIND)
    monkeypatch.setattr(labels, "label_sheet_pdf", lambda *args, **kwargs: pytest.fail("drawn in a request"))
    response = client.get(_download_url(job))
    assert response.status_code == PREPARING
    assert "The sheet of asset labels is being prepared" in response.content.decode()


def test_a_sheet_whose_instrument_went_meanwhile_fails_and_the_download_says_so(
    client, store, stock, django_capture_on_commit_callbacks
):
    client.force_login(store)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, {"tags": "VN-0001 FL-0003"})
    job = Job.objects.get(kind=labels.JOB_KIND)
    Instrument.objects.filter(pk=stock["flute"].pk).update(asset_tag="FL-0099")
    jobs.execute(job.pk)
    assert job.items.get().status == JobItem.Status.FAILED
    assert "No instrument has the tag FL-0003." in job.items.get().detail
    response = client.get(_download_url(job), follow=True)
    assert response.redirect_chain[-1][0] == reverse("hub:job-detail", args=[job.public_id])
    assert "This sheet of labels was not made" in response.content.decode()


def test_only_a_sheets_job_is_downloaded_here(client, store, db):
    other = Job.objects.create(kind="hire_overdue_reminders", scope="x", title="Reminders")
    client.force_login(store)
    assert client.get(_download_url(other)).status_code == 404


def test_another_of_the_stores_staff_downloads_the_sheet(
    client, store, stock, people, django_capture_on_commit_callbacks
):
    client.force_login(store)
    job = _make(client, django_capture_on_commit_callbacks, {"tags": "VN-0001"})
    client.force_login(people["Hub admin"])
    assert client.get(_download_url(job)).status_code == 200


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
