"""The access matrix of the register pages: only hub admins import the register and map districts."""

import pytest

from tests.access import LOGIN, ROLES, check_matrix

MATRIX = {
    "schools:register-import": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
    "schools:district-areas": (None, {"anonymous": LOGIN, "Hub admin": 200, "default": 403}),
}


@pytest.fixture
def url_kwargs():
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
