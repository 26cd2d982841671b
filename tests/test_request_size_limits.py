"""Requests larger than their path allows are refused (413) before any of the body is read: 5 MB for forms,
80 MB for the register of schools' upload (the whole file is about 60 MB)."""

import csv
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import Job
from hub.request_limits import MB, limit_for

DATA = Path(__file__).resolve().parent / "data"
GB = 1024 * MB


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_declaring(client: Client, path: str, size: int, content_type="multipart/form-data; boundary=xyz"):
    """POST that declares a body of size bytes but has none to read."""
    return client.generic(
        "POST",
        path,
        **{"CONTENT_LENGTH": str(size), "CONTENT_TYPE": content_type, "wsgi.input": UnreadableBody()},
    )


def register_file_of(size: int) -> bytes:
    """The sample's rows repeated with new URNs until the file is at least size bytes."""
    reader = csv.reader(io.StringIO((DATA / "gias_sample.csv").read_text(encoding="utf-8")))
    header, rows = next(reader), list(reader)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    urn = 500_000
    while out.tell() < size:
        for row in rows:
            urn += 1
            writer.writerow([str(urn), *row[1:]])
    return out.getvalue().encode()


def test_an_anonymous_two_gigabyte_post_to_the_sign_in_form_is_refused_unread(db):
    client = Client(enforce_csrf_checks=True)  # the CSRF check would read the form first

    response = post_declaring(client, reverse("account_login"), 2 * GB)

    assert response.status_code == 413
    page = response.content.decode()
    assert '<h1 class="h2">Too large to send</h1>' in page
    assert "This page accepts up to 5 MB at a time, and your browser tried to send about 2,048 MB." in page


def test_an_oversize_post_to_a_staff_form_is_refused_unread(client, hub_admin):
    client.force_login(hub_admin)
    response = post_declaring(
        client, reverse("hub:staff-invite"), 5 * MB + 1, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_a_register_upload_over_80_mb_is_refused_unread(client, hub_admin):
    client.force_login(hub_admin)

    response = post_declaring(client, reverse("schools:register-import"), 80 * MB + 1)

    assert response.status_code == 413
    assert "This page accepts up to 80 MB at a time" in response.content.decode()
    assert not Job.objects.exists()


def test_a_six_megabyte_register_file_is_uploaded_though_a_form_that_size_is_refused(client, hub_admin):
    client.force_login(hub_admin)
    data = register_file_of(6 * MB)
    assert len(data) > 6 * MB

    upload = io.BytesIO(data)
    upload.name = "edubasealldata.csv"
    response = client.post(reverse("schools:register-import"), {"file": upload, "la_codes": "931"})

    job = Job.objects.get(kind="register_import")
    assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    upload.seek(0)
    refused = client.post(reverse("hub:staff-invite"), {"file": upload, "email": "x@hub.example.org"})
    assert refused.status_code == 413


def test_the_upload_form_says_the_limit_beside_the_file_field(client, hub_admin, settings):
    settings.REGISTER_UPLOAD_MAX_MB = 70
    client.force_login(hub_admin)
    page = client.get(reverse("schools:register-import")).content.decode()
    assert "Windows-1252 or UTF-8. Up to 70 MB: the whole register is about 60 MB." in page


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/accounts/login/", 5 * MB),
        ("/staff/register/import/", 80 * MB),
        ("/staff/register/", 5 * MB),
        ("/staff/big/reports/", 30 * MB),
        ("/staff/big/", 20 * MB),
    ],
)
def test_the_longest_matching_path_prefix_sets_the_limit(settings, path, limit):
    settings.REQUEST_MAX_MB_BY_PATH = {
        **settings.REQUEST_MAX_MB_BY_PATH,
        "/staff/big/": 20,
        "/staff/big/reports/": 30,
    }
    assert limit_for(path) == limit


@pytest.mark.parametrize("length", ["", "lots", "-5"])
def test_a_missing_or_malformed_length_is_no_body_and_passes(client, db, length):
    response = client.generic("GET", reverse("account_login"), CONTENT_LENGTH=length)
    assert response.status_code == 200
