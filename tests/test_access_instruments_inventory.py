"""The inventory's access matrix (its pages are another branch's; these rows keep every `instruments:` URL
in a matrix now that the namespace is checked): the staff of Section.INSTRUMENTS, and 403 for every other
role."""

import pytest

from tests.access import LOGIN, ROLES, check_matrix
from tests.instrument_factories import InstrumentFactory

STORE = {"anonymous": LOGIN, "Hub admin": 200, "Instrument store": 200, "default": 403}

MATRIX = {
    "instruments:instrument-list": (None, STORE),
    "instruments:instrument-add": (None, STORE),
    "instruments:instrument-detail": ("instrument", STORE),
    "instruments:instrument-edit": ("instrument", STORE),
    "instruments:instrument-import": (None, STORE),
    "instruments:instrument-import-template": (None, STORE),
    "instruments:hire-fees": (None, STORE),
    "instruments:hire-fees-year": ("year", STORE),
}


@pytest.fixture
def url_kwargs(year):
    return {"instrument": {"public_id": InstrumentFactory().public_id}, "year": {"year": 2026}}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
