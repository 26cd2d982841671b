"""The ensembles app's access matrix, every URL of the `ensembles` namespace: the public listing and an
ensemble's page for everyone, signed in or not (404 for an inactive ensemble); the staff pages for
Section.ENSEMBLES, where a leader reaches only the ensembles they lead (404 for another's, as for an unknown
one), and adding an ensemble and setting fees are the hub admin's alone (403 for a leader). Strangers are
sent to sign in."""

import uuid

import pytest
from django.urls import URLPattern, reverse

from ensembles import urls as ensembles_urls
from ensembles.models import Application, AuditionSlot, Ensemble, EnsembleSection, Membership
from tests.access import LOGIN, ROLES, check_matrix
from tests.ensemble_factories import (
    ApplicationFactory,
    AuditionSlotFactory,
    EnsembleFactory,
    MembershipFactory,
    SectionFactory,
)

PUBLIC = {"default": 200}
GONE = {"default": 404}
ENSEMBLES = {"anonymous": LOGIN, "Hub admin": 200, "Ensemble leader": 200, "default": 403}
# Another leader's ensemble (or an unknown one): the leader is told nothing of it.
NOT_THEIRS = {"anonymous": LOGIN, "Hub admin": 200, "Ensemble leader": 404, "default": 403}
UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "Ensemble leader": 404, "default": 403}
ADMIN = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}
ADMIN_UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "default": 403}
# A family's pages: their own children's applications; another family's answer 404; staff have no family.
FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIR_CHILD = {"anonymous": LOGIN, "guardian": 404, "default": 403}
# Removing an audition slot is a POST (a GET is refused as a method, once the role is checked).
POST_ONLY = {"anonymous": LOGIN, "Hub admin": 405, "Ensemble leader": 405, "default": 403}

MATRIX = {
    "ensembles:public-list": (None, PUBLIC),
    "ensembles:public-detail": ("own", PUBLIC),
    "ensembles:public-detail@inactive": ("inactive", GONE),
    "ensembles:public-detail@unknown": ("unknown_slug", GONE),
    "ensembles:ensemble-list": (None, ENSEMBLES),
    "ensembles:ensemble-add": (None, ADMIN),
    "ensembles:ensemble-detail": ("own", ENSEMBLES),
    "ensembles:ensemble-detail@other": ("other", NOT_THEIRS),
    "ensembles:ensemble-detail@unknown": ("unknown_slug", UNKNOWN),
    "ensembles:ensemble-edit": ("own", ENSEMBLES),
    "ensembles:ensemble-edit@other": ("other", NOT_THEIRS),
    "ensembles:section-add": ("own", ENSEMBLES),
    "ensembles:section-add@other": ("other", NOT_THEIRS),
    "ensembles:section-edit": ("own_section", ENSEMBLES),
    "ensembles:section-edit@other": ("other_section", NOT_THEIRS),
    "ensembles:section-edit@unknown": ("unknown_section", UNKNOWN),
    "ensembles:section-remove": ("own_section", ENSEMBLES),
    "ensembles:section-remove@other": ("other_section", NOT_THEIRS),
    "ensembles:ensemble-fees": (None, ADMIN),
    "ensembles:ensemble-fees-year": ("year", ADMIN),
    "ensembles:ensemble-fees-year@unknown": ("unknown_year", ADMIN_UNKNOWN),
    # Applications, auditions and membership.
    "ensembles:family-ensembles": (None, FAMILY),
    "ensembles:apply": ("own", FAMILY),
    "ensembles:apply@inactive": ("inactive", NOT_THEIR_CHILD),
    "ensembles:family-application": ("own_application", FAMILY),
    "ensembles:family-application@other": ("other_application", NOT_THEIR_CHILD),
    "ensembles:family-application-withdraw": ("own_application", FAMILY),
    "ensembles:family-application-withdraw@other": ("other_application", NOT_THEIR_CHILD),
    "ensembles:ensemble-applications": ("own", ENSEMBLES),
    "ensembles:ensemble-applications@other": ("other", NOT_THEIRS),
    "ensembles:application-decide": ("own_application", ENSEMBLES),
    "ensembles:application-decide@other": ("other_application", NOT_THEIRS),
    "ensembles:application-decide@unknown": ("unknown_public_id", UNKNOWN),
    "ensembles:auditions": ("own", ENSEMBLES),
    "ensembles:auditions@other": ("other", NOT_THEIRS),
    "ensembles:audition-remove": ("own_slot", POST_ONLY),
    "ensembles:roll": ("own", ENSEMBLES),
    "ensembles:roll@other": ("other", NOT_THEIRS),
    "ensembles:roll-over": ("own", ENSEMBLES),
    "ensembles:roll-over@other": ("other", NOT_THEIRS),
    "ensembles:member-leave": ("own_member", ENSEMBLES),
    "ensembles:member-leave@other": ("other_member", NOT_THEIRS),
    "ensembles:member-leave@unknown": ("unknown_public_id", UNKNOWN),
}


@pytest.fixture
def url_kwargs(year, ensemble_leader, guardian, child, other_guardian, other_child):
    own = EnsembleFactory(leaders=[ensemble_leader])
    other = EnsembleFactory()
    inactive = EnsembleFactory(is_active=False, leaders=[ensemble_leader])
    own_section, other_section = SectionFactory(ensemble=own), SectionFactory(ensemble=other)
    # The guardian's child applied to the leader's ensemble; another family's child to another's.
    own_application = ApplicationFactory(ensemble=own, pupil=child, applied_by=guardian)
    other_application = ApplicationFactory(ensemble=other, pupil=other_child, applied_by=other_guardian)
    return {
        "own": {"slug": own.slug},
        "other": {"slug": other.slug},
        "inactive": {"slug": inactive.slug},
        "unknown_slug": {"slug": "no-such-ensemble"},
        "own_section": {"public_id": own_section.public_id},
        "other_section": {"public_id": other_section.public_id},
        "own_application": {"public_id": own_application.public_id},
        "other_application": {"public_id": other_application.public_id},
        "own_slot": {"public_id": AuditionSlotFactory(ensemble=own).public_id},
        "other_slot": {"public_id": AuditionSlotFactory(ensemble=other).public_id},
        "own_member": {"public_id": MembershipFactory(section=own_section).public_id},
        "other_member": {"public_id": MembershipFactory(section=other_section).public_id},
        "unknown_public_id": {"public_id": uuid.uuid4()},
        "unknown_section": {"public_id": uuid.uuid4()},
        "year": {"year": 2026},
        "unknown_year": {"year": 2031},
    }


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, people, url_kwargs, role):
    check_matrix(client, people, url_kwargs, MATRIX, role)


def test_every_ensembles_url_is_in_the_matrix():
    names = {f"ensembles:{p.name}" for p in ensembles_urls.urlpatterns if isinstance(p, URLPattern)}
    in_matrix = {key.split("@")[0] for key in MATRIX if key.startswith("ensembles:")}
    assert names - in_matrix == set(), "ensembles URLs missing from the matrix"
    assert in_matrix - names == set(), "matrix entries for ensembles URLs that do not exist"


def test_a_leader_cannot_change_or_remove_another_leaders_ensemble_or_section(
    client, people, url_kwargs, ensemble_leader
):
    client.force_login(ensemble_leader)
    other = Ensemble.objects.get(slug=url_kwargs["other"]["slug"])
    posts = [
        ("ensembles:ensemble-edit", "other", {"name": "Taken over"}),
        ("ensembles:section-add", "other", {"name": "Horns", "target": "2"}),
        ("ensembles:section-edit", "other_section", {"name": "Horns", "target": "2"}),
        ("ensembles:section-remove", "other_section", {}),
    ]
    for name, key, data in posts:
        assert client.post(reverse(name, kwargs=url_kwargs[key]), data).status_code == 404, name
    assert Ensemble.objects.get(pk=other.pk).name == other.name
    assert EnsembleSection.objects.filter(ensemble=other).count() == 1


def test_a_leader_cannot_decide_publish_remove_or_roll_another_leaders_ensemble(
    client, people, url_kwargs, ensemble_leader
):
    client.force_login(ensemble_leader)
    posts = [
        ("ensembles:application-decide", "other_application", {"outcome": "declined"}),
        (
            "ensembles:auditions",
            "other",
            {"date": "2031-01-01", "starts_at": "10:00", "ends_at": "10:15", "place": "Hall"},
        ),
        ("ensembles:audition-remove", "other_slot", {}),
        ("ensembles:roll-over", "other", {}),
        ("ensembles:member-leave", "other_member", {"left_on": "2026-12-01", "reason": "Gone"}),
    ]
    for name, key, data in posts:
        assert client.post(reverse(name, kwargs=url_kwargs[key]), data).status_code == 404, name
    assert Application.objects.get(public_id=url_kwargs["other_application"]["public_id"]).status == "applied"
    assert AuditionSlot.objects.filter(ensemble__leaders=None).count() == 1
    assert Membership.objects.filter(left_on__isnull=False).count() == 0


def test_a_family_cannot_book_or_withdraw_another_familys_application(client, people, url_kwargs, guardian):
    client.force_login(guardian.user)
    other = url_kwargs["other_application"]
    slot = AuditionSlot.objects.get(public_id=url_kwargs["other_slot"]["public_id"])
    booked = client.post(reverse("ensembles:family-application", kwargs=other), {"slot": slot.public_id})
    assert booked.status_code == 404
    assert client.post(reverse("ensembles:family-application-withdraw", kwargs=other)).status_code == 404
    assert Application.objects.get(public_id=other["public_id"]).status == "applied"
    assert AuditionSlot.objects.get(pk=slot.pk).application is None


@pytest.mark.parametrize(
    "role", ["guardian", "contact", "Finance", "Tutor", "Instrument store", "Inclusion lead"]
)
def test_no_other_role_can_add_change_or_remove(client, people, url_kwargs, role):
    client.force_login(people[role])
    posts = [
        ("ensembles:ensemble-add", None),
        ("ensembles:ensemble-edit", "own"),
        ("ensembles:section-add", "own"),
        ("ensembles:section-remove", "own_section"),
        ("ensembles:ensemble-fees", None),
    ]
    for name, key in posts:
        url = reverse(name, kwargs=url_kwargs[key] if key else None)
        assert client.post(url, {}).status_code == 403, name
    assert EnsembleSection.objects.count() == 2


def test_a_leader_cannot_add_an_ensemble_or_set_fees(client, people, url_kwargs, ensemble_leader):
    client.force_login(ensemble_leader)
    assert client.post(reverse("ensembles:ensemble-add"), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("ensembles:ensemble-fees"), {}).status_code == 403
