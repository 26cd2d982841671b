"""The family calendar's access matrix: its pages are the guardian's (403 for everyone else, strangers sent
to sign in); making and stopping a link are POSTs; the feed answers anyone holding a live link, and 404 for
a stopped or unknown one, whoever asks."""

import pytest
from django.urls import reverse

from hub.calendar_links import make_link, stop_link
from hub.models import FamilyCalendarLink
from tests.access import LOGIN, ROLES, check_matrix

GUARDIAN = {"anonymous": LOGIN, "guardian": 200, "default": 403}
POST_ONLY = {"anonymous": LOGIN, "guardian": 405, "default": 403}

MATRIX = {
    "hub:family-calendar": (None, GUARDIAN),
    "hub:family-calendar-new": (None, POST_ONLY),
    "hub:family-calendar-stop": (None, GUARDIAN),
    "hub:family-feed": ("live", {"default": 200}),
    "hub:family-feed@stopped": ("stopped", {"default": 404}),
    "hub:family-feed@unknown": ("unknown", {"default": 404}),
}


@pytest.fixture
def url_kwargs(guardian, other_guardian):
    live = make_link(guardian=guardian, by=guardian.user)
    stopped = make_link(guardian=other_guardian, by=other_guardian.user)
    stop_link(guardian=other_guardian, by=other_guardian.user)
    return {
        "live": {"token": live.token},
        "stopped": {"token": stopped.token},
        "unknown": {"token": "x" * 43},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


@pytest.mark.parametrize(
    "role",
    ["contact", "Hub admin", "Finance", "Tutor", "Instrument store", "Ensemble leader", "Inclusion lead"],
)
def test_no_one_but_a_guardian_makes_or_stops_a_link(client, people, url_kwargs, role):
    client.force_login(people[role])
    for name in ("hub:family-calendar-new", "hub:family-calendar-stop"):
        assert client.post(reverse(name)).status_code == 403, name
    assert FamilyCalendarLink.objects.filter(revoked_at=None).count() == 1


def test_a_guardian_stops_only_their_own_link(client, people, url_kwargs, other_guardian):
    theirs = make_link(guardian=other_guardian, by=other_guardian.user)
    client.force_login(people["guardian"])
    client.post(reverse("hub:family-calendar-stop"))
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.get(reverse("hub:family-feed", args=[theirs.token])).status_code == 200
    assert client.get(reverse("hub:family-feed", kwargs=url_kwargs["live"])).status_code == 404
