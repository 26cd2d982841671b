"""Access to SLA invoice runs and the pages of recorded jobs: finance and hub admins only."""

import pytest

from hub.models import Job
from tests.access import LOGIN, ROLES, check_matrix

MONEY_STAFF = {"anonymous": LOGIN, "Finance": 200, "Hub admin": 200, "default": 403}

MATRIX = {
    "schools:invoice-runs": (None, MONEY_STAFF),
    "hub:job-detail": ("job", MONEY_STAFF),
    "hub:job-progress": ("job", MONEY_STAFF),
    "hub:job-retry": ("job", {"anonymous": LOGIN, "Finance": 405, "Hub admin": 405, "default": 403}),
}


@pytest.fixture
def url_kwargs(db):
    job = Job.objects.create(kind="sla_invoice_run", scope="x", title="A run", status=Job.Status.DONE)
    return {"job": {"public_id": job.public_id}}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
