"""The instrument store's access matrix: its pages are the store's staff's and the hub admin's (Section.
INSTRUMENTS), every other role 403, strangers sent to sign in. The inventory, import and fees pages of the
base are here too, so that the `instruments` namespace is wholly in a matrix (tests/test_access.py)."""

import pytest
from django.urls import reverse

from hub.documents import keep_rendering
from hub.models import Job
from instruments.labels import JOB_KIND as LABELS_KIND
from instruments.services.overdue import REMINDER_KIND
from tests.access import LOGIN, ROLES, check_matrix
from tests.instrument_factories import InstrumentFactory
from tests.tuition_factories import academic_year

STORE = {"anonymous": LOGIN, "Hub admin": 200, "Instrument store": 200, "default": 403}
# A GET of a form's POST-only action: the store's roles pass the door and are refused the method.
STORE_POST = {"anonymous": LOGIN, "Hub admin": 405, "Instrument store": 405, "default": 403}

MATRIX = {
    # The inventory, its import and the hire fees (the base of this work).
    "instruments:instrument-list": (None, STORE),
    "instruments:instrument-add": (None, STORE),
    "instruments:instrument-detail": ("instrument", STORE),
    "instruments:instrument-edit": ("instrument", STORE),
    "instruments:instrument-import": (None, STORE),
    "instruments:instrument-import-template": (None, STORE),
    "instruments:hire-fees": (None, STORE),
    "instruments:hire-fees-year": ("year", STORE),
    # Labels, overdue hires and their reminders, reports.
    "instruments:label-sheet": (None, STORE),
    "instruments:label-sheet-download": ("sheet", STORE),
    "instruments:overdue-hires": (None, STORE),
    "instruments:overdue-remind": (None, STORE_POST),
    "instruments:reports": (None, STORE),
    "instruments:report-csv": ("report", STORE),
    # A reminders job's page is the store's, as its kind says; finance's are not (tests/test_access_runs.py).
    "hub:job-detail@reminders": ("reminders", STORE),
    "hub:job-progress@reminders": ("reminders", STORE),
    "hub:job-retry@reminders": ("reminders", STORE_POST | {"Finance": 405}),
    # So is a sheet of labels' page: any of the store's staff may follow it and download the sheet.
    "hub:job-detail@sheet": ("sheet", STORE),
    "hub:job-progress@sheet": ("sheet", STORE),
}


@pytest.fixture
def url_kwargs(db):
    academic_year(2026)
    instrument = InstrumentFactory()
    job = Job.objects.create(kind=REMINDER_KIND, scope="x", title="Reminders", status=Job.Status.DONE)
    sheet = Job.objects.create(kind=LABELS_KIND, scope="x", title="Asset labels", status=Job.Status.DONE)
    # As the worker keeps it: the download serves what is kept.
    keep_rendering(sheet, "document", filename="access.pdf", data=b"%PDF-1.7 access")
    return {
        "instrument": {"public_id": instrument.public_id},
        "year": {"year": 2026},
        "report": {"table": "status"},
        "reminders": {"public_id": job.public_id},
        "sheet": {"public_id": sheet.public_id},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_finance_cannot_retry_the_stores_reminders(client, finance, url_kwargs):
    client.force_login(finance)
    response = client.post(reverse("hub:job-retry", kwargs=url_kwargs["reminders"]))
    assert response.status_code == 403
