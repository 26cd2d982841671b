"""Attendance at ensembles: a date's register (the members of that day, by section, with their marks and the
absences their families reported), marking one tap per member (htmx or a plain post; only an excused mark
ahead of the day; none for a date called off), a family reporting an absence ahead (once, changed on a second
report; refused for a past date), and each member's attendance rate with those below the threshold flagged."""

import datetime

import pytest
from django.urls import reverse

from ensembles.models import AbsenceReport, EnsembleAttendance, Mark
from ensembles.selectors import attendance
from ensembles.selectors.attendance import attendance_rates, below_threshold
from ensembles.selectors.ensembles import led_ids
from ensembles.services.attendance import mark_member
from hub.models import AuditEvent
from tests import factories
from tests.ensemble_factories import EnsembleFactory, RehearsalFactory, SectionFactory, join
from tests.error_pattern import field_error_html
from tests.tuition_factories import pin_today

D = datetime.date
TODAY = D(2026, 10, 3)  # a Saturday: the factories' rehearsal day


@pytest.fixture
def today(monkeypatch):
    pin_today(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def band(year, ensemble_leader):
    ensemble = EnsembleFactory(name="Brindleton Youth Band", leaders=[ensemble_leader])
    SectionFactory(ensemble=ensemble, name="Brass")
    return ensemble


def member(ensemble, first_name, *, guardian=None, section=None, **dates):
    pupil = factories.PupilFactory(
        first_name=first_name, last_name="Smith", guardians=[guardian or factories.GuardianFactory()]
    )
    membership = join(pupil, ensemble, **dates)
    if section:
        membership.section = section
        membership.save()
    return membership


def mark_url(rehearsal):
    return reverse("ensembles:register-mark", kwargs={"public_id": rehearsal.public_id})


def register_url(rehearsal):
    return reverse("ensembles:register", kwargs={"public_id": rehearsal.public_id})


# --- The register -----------------------------------------------------------------------------------------


def test_the_register_lists_the_members_of_that_day_by_section(client, band, today, ensemble_leader):
    woodwind = SectionFactory(ensemble=band, name="Woodwind")
    member(band, "Ada")
    member(band, "Flo", section=woodwind)
    member(band, "Left", joined_on=D(2026, 9, 1), left_on=D(2026, 9, 30))
    member(band, "Later", joined_on=D(2026, 10, 10))
    member(EnsembleFactory(), "Elsewhere")
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    client.force_login(ensemble_leader)
    html = client.get(register_url(rehearsal)).content.decode()
    assert "Ada Smith" in html and "Flo Smith" in html
    assert "Left Smith" not in html and "Later Smith" not in html and "Elsewhere" not in html
    assert (
        html.index(">Brass</h2>") < html.index("Ada Smith") < html.index(">Woodwind</h2>") < html.index("Flo")
    )
    assert "2 members: 0 attending, 2 not marked yet." in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_register_is_read_in_a_fixed_number_of_queries(
    client, band, today, ensemble_leader, count, django_assert_num_queries
):
    members = [member(band, f"Player{n}") for n in range(count)]
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    for membership in members[::2]:
        mark_member(rehearsal=rehearsal, membership=membership, mark=Mark.LATE, by=ensemble_leader)
    AbsenceReport.objects.create(
        rehearsal=rehearsal, membership=members[-1], reason="Ill", reported_by=ensemble_leader,
        reported_at=datetime.datetime(2026, 10, 2, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    client.force_login(ensemble_leader)
    client.get(register_url(rehearsal))
    # The session, the user, their roles, their authenticator, the menu's two, the date with its ensemble,
    # and the members with their marks and reported absences.
    with django_assert_num_queries(8):
        html = client.get(register_url(rehearsal)).content.decode()
    assert html.count('name="member"') == count
    assert "Absence reported: Ill" in html


def test_one_tap_marks_a_member_present_with_htmx_and_the_row_comes_back_pressed(
    client, band, today, ensemble_leader
):
    ada = member(band, "Ada")
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    client.force_login(ensemble_leader)
    response = client.post(
        mark_url(rehearsal), {"member": ada.public_id, "mark": "present"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<li")
    assert 'value="present" aria-pressed="true"' in html and "Marked: Present" in html
    saved = EnsembleAttendance.objects.get()
    assert (saved.rehearsal, saved.membership, saved.mark, saved.marked_by) == (
        rehearsal, ada, Mark.PRESENT, ensemble_leader,
    )  # fmt: skip


def test_a_plain_post_marks_a_member_and_returns_to_the_register_and_a_change_is_audited(
    client, band, today, ensemble_leader
):
    ada = member(band, "Ada")
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    client.force_login(ensemble_leader)
    response = client.post(mark_url(rehearsal), {"member": ada.public_id, "mark": "late"}, follow=True)
    assert response.redirect_chain[-1][0] == register_url(rehearsal)
    assert "Ada Smith: Late." in response.content.decode()
    client.post(mark_url(rehearsal), {"member": ada.public_id, "mark": "present"})
    assert list(EnsembleAttendance.objects.values_list("mark", flat=True)) == [Mark.PRESENT]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.actor == ensemble_leader and event.changes["mark"] == ["late", "present"]


def test_ahead_of_the_day_only_excused_is_taken_and_a_date_called_off_takes_no_marks(
    client, band, today, ensemble_leader
):
    ada = member(band, "Ada")
    next_week = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    called_off = RehearsalFactory(ensemble=band, date=today, cancelled=True)
    client.force_login(ensemble_leader)
    html = client.post(
        mark_url(next_week), {"member": ada.public_id, "mark": "present"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "A member can be marked present on the day or after it." in html
    assert not EnsembleAttendance.objects.exists()
    client.post(mark_url(next_week), {"member": ada.public_id, "mark": "excused"})
    assert EnsembleAttendance.objects.get().mark == Mark.EXCUSED
    response = client.post(mark_url(called_off), {"member": ada.public_id, "mark": "present"}, follow=True)
    assert (
        "Rehearsal on 03/10/2026 was called off: there is no register to take." in response.content.decode()
    )
    html = client.post(
        mark_url(next_week), {"member": ada.public_id, "mark": "asleep"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Choose one of the register&#x27;s marks." in html
    assert EnsembleAttendance.objects.count() == 1


def test_a_member_not_on_the_dates_register_answers_404_and_nothing_is_marked(
    client, band, today, ensemble_leader
):
    elsewhere = member(EnsembleFactory(), "Elsewhere")
    gone = member(band, "Gone", joined_on=D(2026, 9, 1), left_on=D(2026, 9, 30))
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    client.force_login(ensemble_leader)
    for member_id in (elsewhere.public_id, gone.public_id, "not-a-uuid", ""):
        response = client.post(mark_url(rehearsal), {"member": member_id, "mark": "present"})
        assert response.status_code == 404, member_id
    assert not EnsembleAttendance.objects.exists()


def test_the_ensemble_page_opens_the_next_register_in_one_tap_and_so_does_the_leaders_home(
    client, band, today, ensemble_leader
):
    RehearsalFactory(ensemble=band, date=D(2026, 9, 26))
    RehearsalFactory(ensemble=band, date=today, cancelled=True)
    upcoming = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    client.force_login(ensemble_leader)
    html = client.get(reverse("ensembles:ensemble-detail", kwargs={"slug": band.slug})).content.decode()
    assert f'href="{register_url(upcoming)}">Take the register for Saturday 10 October</a>' in html
    html = client.get(reverse("hub:staff-home")).content.decode()
    assert (
        f'href="{register_url(upcoming)}">Take the register: Brindleton Youth Band, Saturday 10 October'
        in html
    )


# --- A family reports an absence --------------------------------------------------------------------------


def absence_url(membership, rehearsal):
    return reverse(
        "ensembles:absence-report",
        kwargs={"public_id": membership.pupil.public_id, "rehearsal_id": rehearsal.public_id},
    )


def test_a_family_reports_an_absence_ahead_and_the_register_shows_it_pre_marked_excused(
    client, band, today, guardian, ensemble_leader
):
    ada = member(band, "Ada", guardian=guardian)
    rehearsal = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    client.force_login(guardian.user)
    dates = client.get(reverse("ensembles:family-dates", kwargs={"public_id": ada.pupil.public_id}))
    assert 'Report an absence<span class="visually-hidden"> on Saturday 10 October' in dates.content.decode()
    response = client.post(absence_url(ada, rehearsal), {"reason": "  School   trip "}, follow=True)
    assert "Ada&#x27;s absence from rehearsal on Saturday 10/10/2026 is reported" in response.content.decode()
    assert "Absence reported: School trip" in response.content.decode()
    client.post(absence_url(ada, rehearsal), {"reason": "Grandma's birthday"})
    report = AbsenceReport.objects.get()
    assert (report.reason, report.reported_by) == ("Grandma's birthday", guardian.user)
    mark = EnsembleAttendance.objects.get()
    assert (mark.mark, mark.marked_by) == (Mark.EXCUSED, guardian.user)

    client.force_login(ensemble_leader)
    html = client.get(register_url(rehearsal)).content.decode()
    assert "Absence reported: Grandma&#x27;s birthday" in html
    assert "Marked: Excused (from the family's report)" in html


def test_the_leaders_home_lists_the_absences_reported_for_the_next_two_weeks(
    client, band, today, guardian, ensemble_leader, django_assert_num_queries
):
    soon, later = (RehearsalFactory(ensemble=band, date=day) for day in (D(2026, 10, 10), D(2026, 10, 24)))
    elsewhere = RehearsalFactory(date=D(2026, 10, 10))  # another leader's ensemble
    client.force_login(guardian.user)
    for name, date in (("Ada", soon), ("Ben", soon), ("Cy", later)):
        client.post(absence_url(member(band, name, guardian=guardian), date), {"reason": f"{name} is away"})
    client.post(
        absence_url(member(elsewhere.ensemble, "Dee", guardian=guardian), elsewhere), {"reason": "Ill"}
    )
    client.force_login(ensemble_leader)
    html = client.get(reverse("hub:staff-home")).content.decode()
    assert "Absences reported, next two weeks" in html
    section = html.split(">Absences reported</h3>", 1)[1].split("</ul>", 1)[0]
    assert section.count("<li>") == 2  # Cy's date is three weeks away; Dee is in another leader's ensemble
    assert f'Ada Smith, Brindleton Youth Band, <a href="{register_url(soon)}">Saturday 10 October' in section
    assert "Ada is away" in section and "Ben is away" in section
    led = led_ids(ensemble_leader)
    assert attendance.absences_ahead(led, TODAY, most=1)[0] == 2
    with django_assert_num_queries(1):
        count, shown = attendance.absences_ahead(led, TODAY, most=1)
    assert (count, [absence.member for absence in shown]) == (2, ["Ada Smith"])


def test_the_leaders_own_mark_wins_over_a_reported_absence(client, band, today, guardian, ensemble_leader):
    ada = member(band, "Ada", guardian=guardian)
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    client.force_login(guardian.user)
    client.post(absence_url(ada, rehearsal), {"reason": "Ill"})
    client.force_login(ensemble_leader)
    client.post(mark_url(rehearsal), {"member": ada.public_id, "mark": "present"})
    client.force_login(guardian.user)
    client.post(absence_url(ada, rehearsal), {"reason": "Still ill"})
    assert EnsembleAttendance.objects.get().mark == Mark.PRESENT
    assert AbsenceReport.objects.get().reason == "Still ill"


def test_an_absence_from_a_past_date_is_refused_with_a_clear_message(client, band, today, guardian):
    ada = member(band, "Ada", guardian=guardian)
    past = RehearsalFactory(ensemble=band, date=D(2026, 9, 26))
    client.force_login(guardian.user)
    html = client.get(absence_url(ada, past)).content.decode()
    assert "This date has already taken place: an absence can only be reported ahead of the day." in html
    assert 'name="reason"' not in html
    html = client.post(absence_url(ada, past), {"reason": "Ill"}).content.decode()
    assert "Rehearsal on 26/09/2026 has already taken place: an absence can only be reported ahead." in html
    assert not AbsenceReport.objects.exists() and not EnsembleAttendance.objects.exists()


def test_an_absence_needs_its_reason_next_to_the_field(client, band, today, guardian):
    ada = member(band, "Ada", guardian=guardian)
    rehearsal = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    client.force_login(guardian.user)
    html = client.post(absence_url(ada, rehearsal), {"reason": "   "}).content.decode()
    assert field_error_html("id_reason", "Give the reason for the absence.") in html
    assert "<title>Error:" in html
    assert not AbsenceReport.objects.exists() and not EnsembleAttendance.objects.exists()


def test_another_familys_child_answers_404(client, band, today, guardian, other_guardian):
    theirs = member(band, "Theirs", guardian=other_guardian)
    rehearsal = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    client.force_login(guardian.user)
    assert (
        client.get(
            reverse("ensembles:family-dates", kwargs={"public_id": theirs.pupil.public_id})
        ).status_code
        == 404
    )
    assert client.post(absence_url(theirs, rehearsal), {"reason": "Ill"}).status_code == 404
    assert not AbsenceReport.objects.exists()


# --- Attendance rates -------------------------------------------------------------------------------------


def test_rates_count_the_marked_dates_held_so_far_and_flag_those_below_the_threshold(
    client, band, today, ensemble_leader, settings, year
):
    settings.ENSEMBLE_ATTENDANCE_THRESHOLD = 75
    ada, bo, cy = member(band, "Ada"), member(band, "Bo"), member(band, "Cy")
    member(band, "Dee")  # never marked
    held = [
        RehearsalFactory(ensemble=band, date=day)
        for day in (D(2026, 9, 12), D(2026, 9, 19), D(2026, 9, 26), today)
    ]
    called_off = RehearsalFactory(ensemble=band, date=D(2026, 9, 5), cancelled=True)
    ahead = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    marks = {
        ada: "present present late absent",
        bo: "present absent excused present",
        cy: "absent absent absent",
    }
    for membership, row in marks.items():
        for rehearsal, mark in zip(held, row.split(), strict=False):
            mark_member(rehearsal=rehearsal, membership=membership, mark=mark, by=ensemble_leader)
    EnsembleAttendance.objects.create(
        rehearsal=called_off,
        membership=cy,
        mark="present",
        marked_by=ensemble_leader,
        marked_at=held[0].created_at,
    )
    mark_member(rehearsal=ahead, membership=ada, mark="excused", by=ensemble_leader)

    rates = {row.name: row for row in attendance_rates(band, year, today)}
    assert (rates["Ada Smith"].attended, rates["Ada Smith"].marked, rates["Ada Smith"].rate) == (3, 4, 75.0)
    assert (rates["Bo Smith"].attended, rates["Bo Smith"].marked, rates["Bo Smith"].rate) == (2, 4, 50.0)
    assert (rates["Cy Smith"].attended, rates["Cy Smith"].marked, rates["Cy Smith"].rate) == (0, 3, 0.0)
    assert rates["Dee Smith"].rate is None and rates["Dee Smith"].rate_shown == "No marks yet"
    assert [row.name for row in below_threshold(list(rates.values()))] == ["Cy Smith", "Bo Smith"]

    client.force_login(ensemble_leader)
    html = client.get(reverse("ensembles:ensemble-detail", kwargs={"slug": band.slug})).content.decode()
    assert "Attending less than 75%" in html
    assert "<li>Cy Smith (Brass): 0%, 0 of 3 dates</li>" in html and "Bo Smith (Brass): 50%" in html
    assert "Ada Smith (Brass)" not in html
    settings.ENSEMBLE_ATTENDANCE_THRESHOLD = 40
    html = client.get(reverse("ensembles:attendance", kwargs={"slug": band.slug})).content.decode()
    assert "Cy Smith (Brass): 0%" in html and "Bo Smith (Brass)" not in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_attendance_page_is_read_in_a_fixed_number_of_queries(
    client, band, today, ensemble_leader, count, django_assert_num_queries
):
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    for n in range(count):
        mark_member(rehearsal=rehearsal, membership=member(band, f"P{n}"), mark="absent", by=ensemble_leader)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:attendance", kwargs={"slug": band.slug})
    client.get(url)
    # The session, the user, their roles, their authenticator, the menu's two, the ensemble, the year, the
    # members with their counts, and the dates so far with theirs.
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("0 of 1 dates") == count
    assert f"Sat 3 Oct 2026: Rehearsal</a>, {count} marked" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_ensemble_page_with_its_flagged_members_is_read_in_a_fixed_number_of_queries(
    client, band, today, ensemble_leader, count, django_assert_num_queries
):
    rehearsal = RehearsalFactory(ensemble=band, date=today)
    RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    for n in range(count):
        mark_member(rehearsal=rehearsal, membership=member(band, f"P{n}"), mark="absent", by=ensemble_leader)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:ensemble-detail", kwargs={"slug": band.slug})
    client.get(url)
    # The session, the user, their roles, their authenticator, the menu's two, the ensemble with its leaders
    # and its next date, its sections with their instruments, the year, the members with their counts, and a
    # page of the messages sent with their number.
    with django_assert_num_queries(11):
        html = client.get(url).content.decode()
    assert html.count("0%, 0 of 1 dates") == count


def test_a_childs_dates_list_each_date_of_each_ensemble_once_with_its_own_reported_absence(
    client, band, today, guardian, ensemble_leader
):
    ada = member(band, "Ada", guardian=guardian)
    choir = EnsembleFactory(name="Brindleton Choir")
    join(ada.pupil, choir)
    gone = EnsembleFactory(name="Old Band")
    join(ada.pupil, gone, joined_on=D(2026, 9, 1), left_on=D(2026, 9, 30))
    RehearsalFactory(ensemble=gone, date=D(2026, 10, 10))
    band_date = RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    RehearsalFactory(
        ensemble=choir, date=D(2026, 10, 10), starts_at=datetime.time(13, 0), ends_at=datetime.time(14, 0)
    )
    RehearsalFactory(ensemble=band, date=D(2026, 10, 17), cancelled=True)
    other = member(band, "Other", guardian=guardian)  # a sibling's report is not Ada's
    client.force_login(guardian.user)
    client.post(absence_url(other, band_date), {"reason": "Sibling's trip"})
    client.post(absence_url(ada, band_date), {"reason": "Ada's trip"})
    html = client.get(
        reverse("ensembles:family-dates", kwargs={"public_id": ada.pupil.public_id})
    ).content.decode()
    assert html.count("Report an absence<span") + html.count("Change the absence<span") == 2
    assert "Brindleton Youth Band at" in html and "Brindleton Choir at" in html and "Old Band" not in html
    assert html.count("Absence reported:") == 1 and "Absence reported: Ada&#x27;s trip" in html


def test_the_attendance_page_opens_the_registers_held_so_far_latest_first(
    client, band, today, ensemble_leader
):
    ada = member(band, "Ada")
    first = RehearsalFactory(ensemble=band, date=D(2026, 9, 26))
    RehearsalFactory(ensemble=band, date=D(2026, 9, 19), cancelled=True)
    RehearsalFactory(ensemble=band, date=D(2026, 10, 10))
    now = RehearsalFactory(ensemble=band, date=today)
    mark_member(rehearsal=first, membership=ada, mark="present", by=ensemble_leader)
    client.force_login(ensemble_leader)
    html = client.get(reverse("ensembles:attendance", kwargs={"slug": band.slug})).content.decode()
    listed = html[html.index("Registers so far") :]
    assert f'<a href="{register_url(now)}">Sat 3 Oct 2026: Rehearsal</a>, not taken yet' in listed
    assert f'<a href="{register_url(first)}">Sat 26 Sep 2026: Rehearsal</a>, 1 marked' in listed
    assert listed.index("3 Oct") < listed.index("26 Sep")
    assert "19 Sep" not in listed and "10 Oct" not in listed
