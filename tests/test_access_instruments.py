"""The instrument store's access matrix: the hub admin and the store reach every page (404 for an unknown
instrument or year); every other role gets 403, strangers the sign-in page."""

import uuid

import pytest

from tests.access import LOGIN, ROLES, check_matrix
from tests.instrument_factories import InstrumentFactory
from tests.tuition_factories import academic_year

STORE = {"anonymous": LOGIN, "Hub admin": 200, "Instrument store": 200, "default": 403}
UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "Instrument store": 404, "default": 403}

MATRIX = {
    "instruments:instrument-list": (None, STORE),
    "instruments:instrument-add": (None, STORE),
    "instruments:instrument-detail": ("own", STORE),
    "instruments:instrument-detail@unknown": ("unknown", UNKNOWN),
    "instruments:instrument-edit": ("own", STORE),
    "instruments:instrument-edit@unknown": ("unknown", UNKNOWN),
    "instruments:instrument-import": (None, STORE),
    "instruments:instrument-import-template": (None, STORE),
    "instruments:hire-fees": (None, STORE),
    "instruments:hire-fees-year": ("year", STORE),
    "instruments:hire-fees-year@unknown": ("unknown_year", UNKNOWN),
}


@pytest.fixture
def url_kwargs(db):
    academic_year(2026)
    return {
        "own": {"public_id": InstrumentFactory().public_id},
        "unknown": {"public_id": uuid.uuid4()},
        "year": {"year": 2026},
        "unknown_year": {"year": 2031},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)
