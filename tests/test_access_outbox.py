"""Access to the e-mails that could not be sent: the hub admin's alone."""

import pytest

from hub.models import OutgoingEmail
from tests.access import LOGIN, ROLES, check_matrix

MATRIX = {
    "hub:failed-emails": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "hub:failed-email-retry": ("email", {"anonymous": LOGIN, "Hub admin": 405, "default": 403}),
}


@pytest.fixture
def url_kwargs(db):
    email = OutgoingEmail.objects.create(subject="x", body="x", to=["a@example.org"], status="failed")
    return {"email": {"public_id": email.public_id}}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
