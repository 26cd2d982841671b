"""The ensembles app's access matrix, every URL of the `ensembles` namespace: the public listing and an
ensemble's page for everyone, signed in or not (404 for an inactive ensemble); the staff pages for
Section.ENSEMBLES, where a leader reaches only the ensembles they lead and the messages to their families
(404 for another's, as for an unknown one), and adding an ensemble and setting fees are the hub admin's alone
(403 for a leader). Strangers are sent to sign in. An ensemble's calendar feed is public, as its page is (404
for an inactive one); its schedule, events and calling a date off follow its staff pages, as do a date's
register (marking is a POST), and the members' attendance. A family's pages of a child's dates and reporting
an absence are the guardian's, for their own child (404 for another family's child, or a date that is not the
child's)."""

import datetime
import uuid

import pytest
from django.urls import URLPattern, reverse

from ensembles import urls as ensembles_urls
from ensembles.models import (
    AbsenceReport,
    Application,
    AuditionSlot,
    Ensemble,
    EnsembleAttendance,
    EnsembleMessage,
    EnsembleSection,
    Membership,
    Rehearsal,
)
from hub.models import StaffRole
from tests import factories
from tests.access import LOGIN, ROLES, check_matrix
from tests.ensemble_factories import (
    ApplicationFactory,
    AuditionSlotFactory,
    EnsembleFactory,
    MembershipFactory,
    RehearsalFactory,
    SectionFactory,
    join,
)
from tests.tuition_factories import pin_today

PUBLIC = {"default": 200}
GONE = {"default": 404}
ENSEMBLES = {"anonymous": LOGIN, "Hub admin": 200, "Ensemble leader": 200, "default": 403}
# Another leader's ensemble (or an unknown one): the leader is told nothing of it.
NOT_THEIRS = {"anonymous": LOGIN, "Hub admin": 200, "Ensemble leader": 404, "default": 403}
UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "Ensemble leader": 404, "default": 403}
ADMIN = {"anonymous": LOGIN, "Hub admin": 200, "default": 403}
ADMIN_UNKNOWN = {"anonymous": LOGIN, "Hub admin": 404, "default": 403}
# A family's pages: their own children's applications and dates; another family's answer 404; staff have no
# family.
FAMILY = {"anonymous": LOGIN, "guardian": 200, "default": 403}
NOT_THEIR_CHILD = {"anonymous": LOGIN, "guardian": 404, "default": 403}
# Removing an audition slot is a POST (a GET is refused as a method, once the role is checked).
POST_ONLY = {"anonymous": LOGIN, "Hub admin": 405, "Ensemble leader": 405, "default": 403}

EVENT = {
    "kind": "concert", "title": "Taken over", "date": "2026-12-12", "starts_at": "19:00", "ends_at": "21:00",
    "venue": "Town Hall",
}  # fmt: skip

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
    "ensembles:message-new": ("own", ENSEMBLES),
    "ensembles:message-new@other": ("other", NOT_THEIRS),
    "ensembles:message-new@unknown": ("unknown_slug", UNKNOWN),
    "ensembles:message-detail": ("own_message", ENSEMBLES),
    "ensembles:message-detail@other": ("other_message", NOT_THEIRS),
    "ensembles:message-detail@unknown": ("unknown_message", UNKNOWN),
    "ensembles:ensemble-feed": ("own_feed", PUBLIC),
    "ensembles:ensemble-feed@other": ("other_feed", PUBLIC),
    "ensembles:ensemble-feed@inactive": ("inactive_feed", GONE),
    "ensembles:ensemble-feed@unknown": ("unknown_feed", GONE),
    "ensembles:schedule": ("own", ENSEMBLES),
    "ensembles:schedule@other": ("other", NOT_THEIRS),
    "ensembles:schedule@unknown": ("unknown_slug", UNKNOWN),
    "ensembles:event-add": ("own", ENSEMBLES),
    "ensembles:event-add@other": ("other", NOT_THEIRS),
    "ensembles:rehearsal-cancel": ("own_date", ENSEMBLES),
    "ensembles:rehearsal-cancel@other": ("other_date", NOT_THEIRS),
    "ensembles:rehearsal-cancel@unknown": ("unknown_date", UNKNOWN),
    "ensembles:register": ("own_date", ENSEMBLES),
    "ensembles:register@other": ("other_date", NOT_THEIRS),
    "ensembles:register@unknown": ("unknown_date", UNKNOWN),
    "ensembles:register-mark": ("own_date", POST_ONLY),
    "ensembles:attendance": ("own", ENSEMBLES),
    "ensembles:attendance@other": ("other", NOT_THEIRS),
    "ensembles:attendance@unknown": ("unknown_slug", UNKNOWN),
    "ensembles:family-dates": ("child", FAMILY),
    "ensembles:family-dates@other": ("other_child", NOT_THEIR_CHILD),
    "ensembles:absence-report": ("child_date", FAMILY),
    "ensembles:absence-report@other_child": ("other_child_date", NOT_THEIR_CHILD),
    "ensembles:absence-report@not_theirs": ("child_other_date", NOT_THEIR_CHILD),
    "ensembles:absence-report@unknown": ("child_unknown_date", NOT_THEIR_CHILD),
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


# A message confirmed and sent, as the confirmation page posts it.
_SEND = {"to": "everyone", "subject": "Hello", "body": "Text", "send": "1", "request_id": str(uuid.uuid4())}


def _message(ensemble: Ensemble) -> EnsembleMessage:
    return EnsembleMessage.objects.create(
        request_id=uuid.uuid4(),
        ensemble=ensemble,
        to_name=ensemble.name,
        sender=factories.make_staff("Hub admin"),
        subject="Concert",
        body="Saturday.",
    )


@pytest.fixture
def url_kwargs(year, ensemble_leader, guardian, child, other_guardian, other_child, monkeypatch):
    pin_today(monkeypatch, datetime.date(2026, 10, 1))
    own = EnsembleFactory(leaders=[ensemble_leader])
    other = EnsembleFactory()
    inactive = EnsembleFactory(is_active=False, leaders=[ensemble_leader])
    own_section, other_section = SectionFactory(ensemble=own), SectionFactory(ensemble=other)
    own_date, other_date = RehearsalFactory(ensemble=own), RehearsalFactory(ensemble=other)
    # The guardian's child applied to the leader's ensemble; another family's child to another's.
    own_application = ApplicationFactory(ensemble=own, pupil=child, applied_by=guardian)
    other_application = ApplicationFactory(ensemble=other, pupil=other_child, applied_by=other_guardian)
    kwargs = {
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
        "own_message": {"public_id": _message(own).public_id},
        "other_message": {"public_id": _message(other).public_id},
        "unknown_message": {"public_id": uuid.uuid4()},
        "own_date": {"public_id": own_date.public_id},
        "other_date": {"public_id": other_date.public_id},
        "child": {"public_id": child.public_id},
        "other_child": {"public_id": other_child.public_id},
        "child_date": {"public_id": child.public_id, "rehearsal_id": own_date.public_id},
        "other_child_date": {"public_id": other_child.public_id, "rehearsal_id": own_date.public_id},
        "child_other_date": {"public_id": child.public_id, "rehearsal_id": other_date.public_id},
        "child_unknown_date": {"public_id": child.public_id, "rehearsal_id": uuid.uuid4()},
        "unknown_date": {"public_id": uuid.uuid4()},
        "own_feed": {"public_id": own.public_id},
        "other_feed": {"public_id": other.public_id},
        "inactive_feed": {"public_id": inactive.public_id},
        "unknown_feed": {"public_id": uuid.uuid4()},
        "year": {"year": 2026},
        "unknown_year": {"year": 2031},
    }
    # Both families' children play in the leader's ensemble: the other family's is still not this one's.
    kwargs["member"] = {"member": join(child, own).public_id}
    join(other_child, own)
    return kwargs


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
        ("ensembles:message-new", "other", _SEND),
        ("ensembles:schedule", "other", {"term": "2026-autumn"}),
        ("ensembles:event-add", "other", EVENT),
        ("ensembles:rehearsal-cancel", "other_date", {}),
        ("ensembles:register-mark", "other_date", {**url_kwargs["member"], "mark": "present"}),
    ]
    for name, key, data in posts:
        assert client.post(reverse(name, kwargs=url_kwargs[key]), data).status_code == 404, name
    assert Ensemble.objects.get(pk=other.pk).name == other.name
    assert EnsembleSection.objects.filter(ensemble=other).count() == 1
    assert EnsembleMessage.objects.count() == 2
    assert list(Rehearsal.objects.filter(ensemble=other).values_list("cancelled", flat=True)) == [False]


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
        ("ensembles:message-new", "own"),
        ("ensembles:schedule", "own"),
        ("ensembles:event-add", "own"),
        ("ensembles:rehearsal-cancel", "own_date"),
        ("ensembles:register-mark", "own_date"),
    ]
    data = {**EVENT, "term": "2026-autumn", **url_kwargs["member"], "mark": "present"}
    for name, key in posts:
        url = reverse(name, kwargs=url_kwargs[key] if key else None)
        send = _SEND if name == "ensembles:message-new" else data
        assert client.post(url, send).status_code == 403, name
    assert not EnsembleAttendance.objects.exists()
    assert EnsembleSection.objects.count() == 2
    assert EnsembleMessage.objects.count() == 2
    assert Rehearsal.objects.count() == 2 and not Rehearsal.objects.filter(cancelled=True).exists()


def test_a_leader_cannot_add_an_ensemble_or_set_fees(client, people, url_kwargs, ensemble_leader):
    client.force_login(ensemble_leader)
    assert client.post(reverse("ensembles:ensemble-add"), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("ensembles:ensemble-fees"), {}).status_code == 403


@pytest.mark.parametrize("role", ["contact", *[r.value for r in StaffRole]])
def test_no_one_but_a_guardian_reports_an_absence(client, people, url_kwargs, role):
    client.force_login(people[role])
    url = reverse("ensembles:absence-report", kwargs=url_kwargs["child_date"])
    assert client.post(url, {"reason": "School trip"}).status_code == 403
    assert not AbsenceReport.objects.exists()


def test_a_guardian_cannot_report_an_absence_for_another_familys_child_or_a_date_not_their_childs(
    client, people, url_kwargs
):
    client.force_login(people["guardian"])
    for key in ("other_child_date", "child_other_date", "child_unknown_date"):
        url = reverse("ensembles:absence-report", kwargs=url_kwargs[key])
        assert client.post(url, {"reason": "School trip"}).status_code == 404, key
    assert not AbsenceReport.objects.exists() and not EnsembleAttendance.objects.exists()
