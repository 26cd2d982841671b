"""Access matrix: the family billing run's page and its jobs are finance's (and the hub admin's)."""

import pytest
from django.urls import reverse

from hub.billing.family_run import RUN_KIND
from hub.models import Job
from tests.access import LOGIN, ROLES, check_matrix

MONEY_STAFF = {"anonymous": LOGIN, "Finance": 200, "Hub admin": 200, "default": 403}

MATRIX = {
    "billing:family-runs": (None, MONEY_STAFF),
    "hub:job-detail@family-run": ("run", MONEY_STAFF),
    "hub:job-progress@family-run": ("run", MONEY_STAFF),
    "hub:job-retry@family-run": (
        "run",
        {"anonymous": LOGIN, "Finance": 405, "Hub admin": 405, "Instrument store": 405, "default": 403},
    ),
}


@pytest.fixture
def url_kwargs(db):
    run = Job.objects.create(kind=RUN_KIND, scope="term:0", title="A family run", status=Job.Status.DONE)
    return {"run": {"public_id": run.public_id}}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_a_tutor_cannot_start_a_family_billing_run(client, tutor, year):
    client.force_login(tutor)
    response = client.post(reverse("billing:family-runs"), {"term": year.terms.first().pk})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_choosing_no_term_says_so_next_to_the_field_and_starts_nothing(client, finance, year):
    client.force_login(finance)
    response = client.post(reverse("billing:family-runs"), {"term": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["term"] == ["This field is required."]
    assert not Job.objects.exists()


def test_a_run_already_under_way_for_the_term_is_refused_next_to_the_term(client, finance, year):
    term = year.terms.first()
    client.force_login(finance)
    first = client.post(reverse("billing:family-runs"), {"term": term.pk})
    assert first.status_code == 302
    again = client.post(reverse("billing:family-runs"), {"term": term.pk})
    assert "already under way" in again.context["form"].errors["term"][0]
    assert Job.objects.count() == 1
