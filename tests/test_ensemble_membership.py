"""An ensemble's members: the roll for a year by section in a fixed number of queries, a member leaving with a
reason (nothing half-saved), and next year's roll-over (who is copied, who is left out and why, and a second
run that adds nothing)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import Membership
from ensembles.services import membership as services
from tests import factories
from tests.ensemble_factories import EnsembleFactory, MembershipFactory, SectionFactory, instrument
from tests.tuition_factories import academic_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def ensemble(year, ensemble_leader):
    ensemble = EnsembleFactory(
        name="Brindleton Junior Strings", min_age=8, max_age=12, leaders=[ensemble_leader]
    )
    SectionFactory(ensemble=ensemble, name="Violins", instrument_types=[instrument("Violin")])
    SectionFactory(ensemble=ensemble, name="Cellos", instrument_types=[instrument("Cello")])
    return ensemble


def _member(ensemble, section_name="Violins", born=datetime.date(2016, 3, 14), **fields):
    section = ensemble.sections.get(name=section_name)
    guardian = factories.GuardianFactory()
    pupil = factories.PupilFactory(date_of_birth=born, guardians=[guardian])
    return MembershipFactory(section=section, pupil=pupil, payer=guardian, **fields)


# --- The roll --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("members", [1, 30])
def test_the_roll_is_read_in_a_fixed_number_of_queries(
    client, ensemble, ensemble_leader, members, django_assert_num_queries
):
    for index in range(members):
        _member(ensemble, "Violins" if index % 2 else "Cellos")
    client.force_login(ensemble_leader)
    url = reverse("ensembles:roll", kwargs={"slug": ensemble.slug})
    client.get(url)  # the session and the user's roles, read once per request, are not the page's
    # The session, the user, their roles, their authenticator, the menu's two, the ensemble, the years to
    # choose from (the one shown among them), its sections and their members.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert sum(row.count for row in response.context["sections"]) == members


def test_the_roll_lists_each_section_with_its_members_and_those_who_left(client, ensemble, ensemble_leader):
    stays = _member(ensemble)
    went = _member(ensemble, left_on=timezone.localdate(), leave_reason="Moved to Leeds")
    client.force_login(ensemble_leader)
    response = client.get(reverse("ensembles:roll", kwargs={"slug": ensemble.slug}))
    violins = next(row for row in response.context["sections"] if row.section.name == "Violins")
    assert [member.public_id for member in violins.members] == [stays.public_id]
    assert [(member.public_id, member.leave_reason) for member in violins.left] == [
        (went.public_id, "Moved to Leeds")
    ]
    leave = reverse("ensembles:member-leave", kwargs={"public_id": stays.public_id})
    assert f'href="{leave}"' in response.content.decode()
    assert "Left on" in response.content.decode() and "Moved to Leeds" in response.content.decode()


def test_the_roll_names_each_payer_or_gives_their_address_when_they_have_no_name(
    client, ensemble, ensemble_leader
):
    named, unnamed = _member(ensemble), _member(ensemble, "Cellos")
    unnamed.payer.user.first_name = unnamed.payer.user.last_name = ""
    unnamed.payer.user.save()
    client.force_login(ensemble_leader)
    response = client.get(reverse("ensembles:roll", kwargs={"slug": ensemble.slug}))
    sections = response.context["sections"]
    payers = {member.public_id: member.payer for row in sections for member in row.members}
    assert payers == {
        named.public_id: named.payer.user.get_full_name(),
        unnamed.public_id: unnamed.payer.user.email,
    }


def test_the_roll_shows_the_year_asked_for_the_current_one_else_and_404_for_a_year_not_set_up(
    client, ensemble, ensemble_leader
):
    academic_year(2027)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:roll", kwargs={"slug": ensemble.slug})
    assert client.get(url).context["year"].start_year == 2026
    assert client.get(url, {"year": "2027"}).context["year"].start_year == 2027
    assert client.get(url, {"year": "2031"}).status_code == 404


# --- Leaving ---------------------------------------------------------------------------------------------


def test_staff_record_a_member_leaving_with_a_reason(client, ensemble, ensemble_leader):
    member = _member(ensemble)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:member-leave", kwargs={"public_id": member.public_id})
    response = client.post(url, {"left_on": "2026-11-30", "reason": "Moved to Leeds"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.left_on, member.leave_reason) == (datetime.date(2026, 11, 30), "Moved to Leeds")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"left_on": "2026-11-30", "reason": ""}, "reason", "Give the reason for leaving."),
        ({"left_on": "2026-11-30", "reason": "   "}, "reason", "Give the reason for leaving."),
        ({"left_on": "", "reason": "Moved"}, "left_on", "Give the day they left."),
        (
            {"left_on": "2026-08-01", "reason": "Moved"},
            "left_on",
            "A member cannot leave before joining (01/09/2026).",
        ),
    ],
)
def test_bad_leaving_is_shown_at_its_field_and_nothing_is_saved(
    client, ensemble, ensemble_leader, data, field, message
):
    member = _member(ensemble, joined_on=datetime.date(2026, 9, 1))
    client.force_login(ensemble_leader)
    response = client.post(reverse("ensembles:member-leave", kwargs={"public_id": member.public_id}), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    member.refresh_from_db()
    assert (member.left_on, member.leave_reason) == (None, "")


def test_a_member_who_left_cannot_leave_again(ensemble, ensemble_leader):
    member = _member(ensemble, left_on=timezone.localdate(), leave_reason="Moved")
    with pytest.raises(EnsemblesError, match="already left"):
        services.record_leaving(
            membership=member, left_on=timezone.localdate(), reason="Again", by=ensemble_leader
        )


# --- Roll-over -------------------------------------------------------------------------------------------


def test_the_roll_over_copies_who_stays_and_says_who_was_left_out_and_why(ensemble, ensemble_leader, year):
    next_year = academic_year(2027)
    stays = _member(ensemble, "Cellos", born=datetime.date(2016, 3, 14))  # 11 on 1 September 2027
    too_old = _member(ensemble, born=datetime.date(2014, 6, 1))  # 13 then: the oldest age is 12
    went = _member(ensemble, left_on=timezone.localdate(), leave_reason="Moved to Leeds")
    result = services.roll_over(ensemble=ensemble, year=year, by=ensemble_leader)
    copied = Membership.objects.get(academic_year=next_year)
    assert (copied.pupil, copied.section.name, copied.payer, copied.instrument) == (
        stays.pupil,
        "Cellos",
        stays.payer,
        stays.instrument,
    )
    assert copied.joined_on == next_year.starts_on
    reasons = {member.pupil: reason for member, reason in result.left_out}
    assert reasons == {
        too_old.pupil: f"13 on {next_year.starts_on:%d/%m/%Y}, over the oldest age (12)",
        went.pupil: f"left on {timezone.localdate():%d/%m/%Y}: Moved to Leeds",
    }


def test_a_second_roll_over_adds_nothing(ensemble, ensemble_leader, year):
    academic_year(2027)
    _member(ensemble)
    _member(ensemble, "Cellos")
    first = services.roll_over(ensemble=ensemble, year=year, by=ensemble_leader)
    second = services.roll_over(ensemble=ensemble, year=year, by=ensemble_leader)
    assert (len(first.copied), len(second.copied), second.already) == (2, 0, 2)
    assert Membership.objects.count() == 4


def test_the_roll_over_stops_at_the_capacity(ensemble, ensemble_leader, year):
    academic_year(2027)
    ensemble.capacity = 1
    ensemble.save()
    _member(ensemble)
    _member(ensemble)
    result = services.roll_over(ensemble=ensemble, year=year, by=ensemble_leader)
    assert len(result.copied) == 1
    assert [reason for _, reason in result.left_out] == ["the ensemble is full (capacity 1)"]


def test_the_roll_over_page_says_what_it_did(client, ensemble, ensemble_leader, year):
    academic_year(2027)
    _member(ensemble)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:roll-over", kwargs={"slug": ensemble.slug})
    assert "Roll over into next year" in client.get(url).content.decode()
    page = client.post(url).content.decode()
    assert "1 member copied into 2027/28" in page
    again = client.post(url).content.decode()
    assert "0 members copied into 2027/28" in again and "1 already on its roll" in again


def test_without_next_year_the_roll_over_says_so(client, ensemble, ensemble_leader):
    _member(ensemble)
    client.force_login(ensemble_leader)
    page = client.post(reverse("ensembles:roll-over", kwargs={"slug": ensemble.slug})).content.decode()
    assert "The academic year after 2026/27 is not set up yet" in page
    assert Membership.objects.count() == 1
