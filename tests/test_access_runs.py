"""Access to SLA invoice runs and the pages of recorded jobs: each job only to the roles its kind names
(invoice runs to finance and hub admins, register imports to hub admins)."""

import pytest
from django.urls import reverse

from hub.models import Job
from tests.access import LOGIN, ROLES, check_matrix

MONEY_STAFF = {"anonymous": LOGIN, "Finance": 200, "Hub admin": 200, "default": 403}
ADMIN_ONLY = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}
# The roles that own some kind of job (its reminders are the instrument store's) pass the door.
GET_REFUSED = {"anonymous": LOGIN, "Finance": 405, "Hub admin": 405, "Instrument store": 405, "default": 403}

MATRIX = {
    "schools:invoice-runs": (None, MONEY_STAFF),
    "hub:job-detail": ("job", MONEY_STAFF),
    "hub:job-progress": ("job", MONEY_STAFF),
    "hub:job-retry": ("job", GET_REFUSED),
    "hub:job-detail@import": ("import", ADMIN_ONLY),
    "hub:job-progress@import": ("import", ADMIN_ONLY),
    # A GET is refused as a GET (405) before the job is looked at; finance's POST is refused below.
    "hub:job-retry@import": ("import", GET_REFUSED),
}


@pytest.fixture
def url_kwargs(db):
    job = Job.objects.create(kind="sla_invoice_run", scope="x", title="A run", status=Job.Status.DONE)
    upload = Job.objects.create(kind="register_import", scope="y", title="An import", status=Job.Status.DONE)
    return {"job": {"public_id": job.public_id}, "import": {"public_id": upload.public_id}}


def test_finance_cannot_retry_the_hub_admins_register_import(client, finance, url_kwargs):
    client.force_login(finance)
    response = client.post(reverse("hub:job-retry", kwargs=url_kwargs["import"]))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
