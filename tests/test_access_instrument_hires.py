"""The instrument hire's access matrix: a family's instruments, requests and agreements (404 for another
family's), and the store's queues, allocation, class sets and scanner desk for the staff of
Section.INSTRUMENTS (403 for every other role)."""

import uuid

import pytest
from django.urls import reverse

from instruments.services import class_sets, repairs
from tests.access import LOGIN, ROLES, check_matrix
from tests.instrument_factories import HireRequestFactory, InstrumentFactory, allocated, instrument_type

FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIRS = {"anonymous": LOGIN, "guardian": 404, "default": 403}
STORE = {"anonymous": LOGIN, "Hub admin": 200, "Instrument store": 200, "default": 403}
STORE_POST = {"anonymous": LOGIN, "Hub admin": 405, "Instrument store": 405, "default": 403}
UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "Instrument store": 404, "default": 403}

MATRIX = {
    "instruments:family-instruments": (None, FAMILY),
    "instruments:hire-request": (None, FAMILY),
    "instruments:hire-request-withdraw": ("own_request", FAMILY),
    "instruments:hire-request-withdraw@other": ("other_request", NOT_THEIRS),
    "instruments:hire-agreement": ("own_hire", FAMILY),
    "instruments:hire-agreement@other": ("other_hire", NOT_THEIRS),
    "instruments:request-queue": (None, STORE),
    "instruments:request-allocate": ("own_request", STORE),
    "instruments:request-decline": ("own_request", STORE),
    "instruments:request-decline@unknown": ("unknown", UNKNOWN),
    "instruments:hire-cancel": ("own_hire", STORE),
    "instruments:hire-cancel@unknown": ("unknown", UNKNOWN),
    "instruments:class-set-list": (None, STORE),
    "instruments:class-set-add": (None, STORE),
    "instruments:class-set-detail": ("loan", STORE),
    "instruments:class-set-detail@unknown": ("unknown", UNKNOWN),
    "instruments:class-set-return": ("loan", STORE_POST),
    "instruments:desk": (None, STORE),
    "instruments:desk-check-out": ("own_hire", STORE_POST),
    "instruments:desk-return": ("own_hire", STORE_POST),
    "instruments:desk-send-to-repair": ("instrument", STORE_POST),
    "instruments:desk-finish-repair": ("repair", STORE_POST),
}


@pytest.fixture
def url_kwargs(year, child, other_child, school, store):
    cello = instrument_type("Cello", ["1/2", "3/4"])
    own_request = HireRequestFactory(pupil=child, instrument_type=cello, size="1/2")
    other_request = HireRequestFactory(pupil=other_child, instrument_type=cello, size="1/2")
    own_hire = allocated(child)
    other_hire = allocated(other_child)
    loan = class_sets.lend_class_set(
        school=school,
        instruments=[InstrumentFactory()],
        due_back_on=year.ends_on,
        free_under_sla=True,
        by=store,
    )
    instrument = InstrumentFactory()
    repair = repairs.send_to_repair(instrument=InstrumentFactory(), fault="Crack", repairer="Bow", by=store)
    return {
        "own_request": {"public_id": own_request.public_id},
        "other_request": {"public_id": other_request.public_id},
        "own_hire": {"public_id": own_hire.public_id},
        "other_hire": {"public_id": other_hire.public_id},
        "loan": {"public_id": loan.public_id},
        "instrument": {"public_id": instrument.public_id},
        "repair": {"public_id": repair.public_id},
        "unknown": {"public_id": uuid.uuid4()},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_a_family_cannot_withdraw_accept_or_ask_for_another_familys_child(
    client, people, url_kwargs, other_child
):
    client.force_login(people["guardian"])
    url = reverse("instruments:hire-request-withdraw", kwargs=url_kwargs["other_request"])
    assert client.post(url).status_code == 404
    url = reverse("instruments:hire-agreement", kwargs=url_kwargs["other_hire"])
    assert client.post(url, {"accept": "on"}).status_code == 404
    url = reverse("instruments:hire-request")
    data = {"child": other_child.public_id, "instrument_type": "violin", "size": "3/4"}
    assert client.post(url, data).status_code == 404


@pytest.mark.parametrize(
    "role", ["guardian", "contact", "Finance", "Tutor", "Ensemble leader", "Inclusion lead"]
)
def test_no_other_role_can_act_at_the_desk_or_allocate(client, people, url_kwargs, role):
    client.force_login(people[role])
    posts = [
        ("instruments:desk-check-out", "own_hire", {"out-condition": "good"}),
        ("instruments:desk-return", "own_hire", {"back-condition": "good", "back-damage_charge": "0"}),
        ("instruments:desk-send-to-repair", "instrument", {"repair-fault": "x", "repair-repairer": "y"}),
        ("instruments:desk-finish-repair", "repair", {"fixed-returned_on": "2026-12-01"}),
        ("instruments:request-allocate", "own_request", {}),
        ("instruments:request-decline", "own_request", {"reason": "No"}),
        ("instruments:hire-cancel", "own_hire", {"reason": "No", "back_to_queue": "close"}),
        ("instruments:class-set-add", None, {}),
        (
            "instruments:class-set-return",
            "loan",
            {"back-condition": "good", "back-returned_on": "2026-12-01"},
        ),
    ]
    for name, key, data in posts:
        url = reverse(name, kwargs=url_kwargs[key] if key else None)
        assert client.post(url, data).status_code == 403, name
