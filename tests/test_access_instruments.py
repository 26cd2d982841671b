"""The instruments app's access matrix, every URL of the `instruments` namespace: a family's instruments,
requests and agreements (404 for another family's); the inventory, import, hire fees, queues, allocation,
class sets, scanner desk, labels, overdue hires and reports for the staff of Section.INSTRUMENTS (404 for an
unknown object, 403 for every other role); and the pages of the store's own jobs. Strangers are sent to
sign in."""

import uuid

import pytest
from django.urls import URLPattern, reverse

from hub.documents import keep_rendering
from hub.models import Job
from instruments import urls as instruments_urls
from instruments.labels import JOB_KIND as LABELS_KIND
from instruments.services import class_sets, repairs
from instruments.services.overdue import REMINDER_KIND
from tests.access import LOGIN, ROLES, check_matrix
from tests.instrument_factories import HireRequestFactory, InstrumentFactory, allocated, instrument_type

FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIRS = {"anonymous": LOGIN, "guardian": 404, "default": 403}
STORE = {"anonymous": LOGIN, "Hub admin": 200, "Instrument store": 200, "default": 403}
# A GET of a form's POST-only action: the store's roles pass the door and are refused the method.
STORE_POST = {"anonymous": LOGIN, "Hub admin": 405, "Instrument store": 405, "default": 403}
UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "Instrument store": 404, "default": 403}

MATRIX = {
    # The inventory, its import and the hire fees.
    "instruments:instrument-list": (None, STORE),
    "instruments:instrument-add": (None, STORE),
    "instruments:instrument-detail": ("instrument", STORE),
    "instruments:instrument-detail@unknown": ("unknown", UNKNOWN),
    "instruments:instrument-edit": ("instrument", STORE),
    "instruments:instrument-edit@unknown": ("unknown", UNKNOWN),
    "instruments:instrument-import": (None, STORE),
    "instruments:instrument-import-template": (None, STORE),
    "instruments:hire-fees": (None, STORE),
    "instruments:hire-fees-year": ("year", STORE),
    "instruments:hire-fees-year@unknown": ("unknown_year", UNKNOWN),
    # A family's instruments, requests and agreements.
    "instruments:family-instruments": (None, FAMILY),
    "instruments:hire-request": (None, FAMILY),
    "instruments:hire-request-withdraw": ("own_request", FAMILY),
    "instruments:hire-request-withdraw@other": ("other_request", NOT_THEIRS),
    "instruments:hire-agreement": ("own_hire", FAMILY),
    "instruments:hire-agreement@other": ("other_hire", NOT_THEIRS),
    # The store's queues, allocation, class sets and scanner desk.
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


def _jobs() -> dict:
    reminders = Job.objects.create(kind=REMINDER_KIND, scope="x", title="Reminders", status=Job.Status.DONE)
    sheet = Job.objects.create(kind=LABELS_KIND, scope="x", title="Asset labels", status=Job.Status.DONE)
    # As the worker keeps it: the download serves what is kept.
    keep_rendering(sheet, "document", filename="access.pdf", data=b"%PDF-1.7 access")
    return {"reminders": {"public_id": reminders.public_id}, "sheet": {"public_id": sheet.public_id}}


@pytest.fixture
def url_kwargs(year, child, other_child, school, store):
    cello = instrument_type("Cello", ["1/2", "3/4"])
    own_request = HireRequestFactory(pupil=child, instrument_type=cello, size="1/2")
    other_request = HireRequestFactory(pupil=other_child, instrument_type=cello, size="1/2")
    loan = class_sets.lend_class_set(
        school=school,
        instruments=[InstrumentFactory()],
        due_back_on=year.ends_on,
        free_under_sla=True,
        by=store,
    )
    repair = repairs.send_to_repair(instrument=InstrumentFactory(), fault="Crack", repairer="Bow", by=store)
    return {
        "own_request": {"public_id": own_request.public_id},
        "other_request": {"public_id": other_request.public_id},
        "own_hire": {"public_id": allocated(child).public_id},
        "other_hire": {"public_id": allocated(other_child).public_id},
        "loan": {"public_id": loan.public_id},
        "instrument": {"public_id": InstrumentFactory().public_id},
        "repair": {"public_id": repair.public_id},
        "unknown": {"public_id": uuid.uuid4()},
        "year": {"year": 2026},
        "unknown_year": {"year": 2031},
        "report": {"table": "status"},
        **_jobs(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_every_instruments_url_is_in_the_matrix():
    names = {f"instruments:{p.name}" for p in instruments_urls.urlpatterns if isinstance(p, URLPattern)}
    in_matrix = {key.split("@")[0] for key in MATRIX if key.startswith("instruments:")}
    assert names - in_matrix == set(), "instruments URLs missing from the matrix"
    assert in_matrix - names == set(), "matrix entries for instruments URLs that do not exist"


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


def test_finance_cannot_retry_the_stores_reminders(client, finance, url_kwargs):
    client.force_login(finance)
    response = client.post(reverse("hub:job-retry", kwargs=url_kwargs["reminders"]))
    assert response.status_code == 403
