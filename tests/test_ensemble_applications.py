"""Applying to an ensemble, booking an audition and staff's outcome, through the services and the pages: the
child's age and grade checked (each refusal at its field), applying twice refused (the form and the
database), the last audition slot booked by exactly one of two families at once, a place given within the
ensemble's capacity under a lock, and each outcome e-mailed."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import Application, AuditionSlot, Membership
from ensembles.pricing import termly_ensemble_fee_for
from ensembles.selectors.applications import ToDecide
from ensembles.services import applications, auditions, outcomes
from hub.models import OutgoingEmail
from tests import factories
from tests.ensemble_factories import (
    ApplicationFactory,
    AuditionSlotFactory,
    EnsembleFactory,
    EnsembleFeeFactory,
    MembershipFactory,
    SectionFactory,
    instrument,
)
from tests.tuition_factories import RemissionAwardFactory, RemissionCategoryFactory, academic_year

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def ensemble(year, ensemble_leader):
    ensemble = EnsembleFactory(
        name="Brindleton Junior Strings", min_age=8, max_age=12, leaders=[ensemble_leader]
    )
    SectionFactory(ensemble=ensemble, name="Violins", instrument_types=[instrument("Violin")])
    return ensemble


def _apply(ensemble, child, guardian, **changes):
    data = {
        "instrument": instrument("Violin"),
        "grade": 2,
        "experience": "Two years",
        "current_teacher": "Ms Hale",
    }
    return applications.apply(ensemble=ensemble, pupil=child, by=guardian.user, **(data | changes))


# --- Applying --------------------------------------------------------------------------------------------


def test_a_parent_applies_for_their_child_for_this_year(ensemble, child, guardian, year):
    application = _apply(ensemble, child, guardian)
    assert application.status == Application.Status.APPLIED
    assert (application.academic_year, application.applied_by, application.grade) == (year, guardian, 2)
    assert application.current_teacher == "Ms Hale"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"min_age": 11, "max_age": 14},
            "child",
            "Brindleton Junior Strings is for ages 11 to 14: Amira is 10.",
        ),
        ({"min_age": 4, "max_age": 9}, "child", "Brindleton Junior Strings is for ages 4 to 9: Amira is 10."),
        ({"min_grade": 3}, "grade", "Brindleton Junior Strings is for grades 3 to 4: you gave grade 2."),
    ],
)
def test_a_child_outside_the_ages_or_grades_is_refused_at_the_field(
    ensemble, child, guardian, changes, field, message
):
    for name, value in changes.items():
        setattr(ensemble, name, value)
    ensemble.save()
    with pytest.raises(EnsemblesError) as refused:
        _apply(ensemble, child, guardian)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert not Application.objects.exists()


def test_an_instrument_no_section_takes_is_refused(ensemble, child, guardian):
    with pytest.raises(EnsemblesError, match="has no section for the trumpet") as refused:
        _apply(ensemble, child, guardian, instrument=instrument("Trumpet", "brass"))
    assert refused.value.field == "instrument"


def test_nobody_applies_for_another_familys_child(ensemble, other_child, guardian):
    with pytest.raises(EnsemblesError, match="Only the child's parents and carers"):
        _apply(ensemble, other_child, guardian)


def test_applying_twice_for_the_same_ensemble_and_year_is_refused(ensemble, child, guardian):
    _apply(ensemble, child, guardian)
    with pytest.raises(
        EnsemblesError, match="Amira has already applied to Brindleton Junior Strings"
    ) as refused:
        _apply(ensemble, child, guardian, grade=3)
    assert refused.value.field == "child"
    assert Application.objects.count() == 1


def test_the_database_refuses_a_second_live_application_but_not_after_a_withdrawal(ensemble, child, guardian):
    first = _apply(ensemble, child, guardian)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(ensemble=ensemble, pupil=child, applied_by=guardian)
    applications.withdraw(application=first, by=guardian.user)
    again = _apply(ensemble, child, guardian)
    assert again.status == Application.Status.APPLIED


def test_withdrawing_frees_the_audition_and_a_closed_one_cannot_be_withdrawn(ensemble, child, guardian):
    application = _apply(ensemble, child, guardian)
    slot = AuditionSlotFactory(ensemble=ensemble)
    auditions.book_audition(application=application, slot=slot, by=guardian.user)
    applications.withdraw(application=application, by=guardian.user)
    slot.refresh_from_db()
    assert slot.application is None
    with pytest.raises(EnsemblesError, match="already closed: withdrawn"):
        applications.withdraw(application=application, by=guardian.user)


# --- The pages -------------------------------------------------------------------------------------------


def test_the_apply_page_shows_the_age_refusal_next_to_the_child_and_saves_nothing(
    client, ensemble, child, guardian
):
    ensemble.min_age = 11
    ensemble.save()
    client.force_login(guardian.user)
    url = reverse("ensembles:apply", kwargs={"slug": ensemble.slug})
    response = client.post(url, {"child": child.public_id, "instrument": "violin", "grade": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "child": ["Brindleton Junior Strings is for ages 11 to 12: Amira is 10."]
    }
    assert b'aria-invalid="true"' in response.content
    assert not Application.objects.exists()


def test_applying_twice_through_the_page_says_so_at_the_child(client, ensemble, child, guardian):
    client.force_login(guardian.user)
    url = reverse("ensembles:apply", kwargs={"slug": ensemble.slug})
    data = {"child": child.public_id, "instrument": "violin", "grade": "2"}
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.context["form"].errors["child"] == [
        "Amira has already applied to Brindleton Junior Strings for 2026/27: see your applications."
    ]


def test_a_grade_over_8_is_refused_by_the_form(client, ensemble, child, guardian):
    client.force_login(guardian.user)
    url = reverse("ensembles:apply", kwargs={"slug": ensemble.slug})
    response = client.post(url, {"child": child.public_id, "instrument": "violin", "grade": "9"})
    assert response.context["form"].errors["grade"] == ["Grades run from 0 (none yet) to 8."]


def test_another_familys_child_in_the_apply_form_answers_404(client, ensemble, other_child, guardian):
    client.force_login(guardian.user)
    url = reverse("ensembles:apply", kwargs={"slug": ensemble.slug})
    assert client.get(f"{url}?child={other_child.public_id}").status_code == 404
    response = client.post(url, {"child": other_child.public_id, "instrument": "violin", "grade": "2"})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_the_family_sees_the_application_its_state_and_the_next_step(client, ensemble, child, guardian):
    application = _apply(ensemble, child, guardian)
    client.force_login(guardian.user)
    page = client.get(reverse("ensembles:family-ensembles")).content.decode()
    assert "Brindleton Junior Strings" in page and "waiting for a decision" in page
    assert "book an audition" in page
    home = client.get(reverse("hub:family-home")).content.decode()
    assert reverse("ensembles:family-application", kwargs={"public_id": application.public_id}) in home


# --- Auditions -------------------------------------------------------------------------------------------


def test_a_family_books_an_audition_and_changes_it(ensemble, child, guardian):
    application = _apply(ensemble, child, guardian)
    first, second = AuditionSlotFactory(ensemble=ensemble), AuditionSlotFactory(ensemble=ensemble)
    auditions.book_audition(application=application, slot=first, by=guardian.user)
    auditions.book_audition(application=application, slot=second, by=guardian.user)
    assert AuditionSlot.objects.get(pk=first.pk).application is None
    assert AuditionSlot.objects.get(pk=second.pk).application == application


def test_a_slot_another_family_has_is_refused_and_the_old_booking_kept(
    ensemble, child, guardian, other_child, other_guardian
):
    mine = _apply(ensemble, child, guardian)
    theirs = _apply(ensemble, other_child, other_guardian)
    kept, taken = AuditionSlotFactory(ensemble=ensemble), AuditionSlotFactory(ensemble=ensemble)
    auditions.book_audition(application=mine, slot=kept, by=guardian.user)
    auditions.book_audition(application=theirs, slot=taken, by=other_guardian.user)
    with pytest.raises(EnsemblesError, match="Another family has just booked that audition") as refused:
        auditions.book_audition(application=mine, slot=taken, by=guardian.user)
    assert refused.value.field == "slot"
    assert AuditionSlot.objects.get(pk=kept.pk).application == mine


def test_another_ensembles_slot_cannot_be_booked(ensemble, child, guardian):
    application = _apply(ensemble, child, guardian)
    with pytest.raises(EnsemblesError, match="Choose one of this ensemble's auditions"):
        auditions.book_audition(application=application, slot=AuditionSlotFactory(), by=guardian.user)


def test_staff_cannot_publish_an_audition_in_the_past_or_ending_before_it_starts(ensemble, ensemble_leader):
    today = timezone.localdate()
    args = {"ensemble": ensemble, "place": "Hall", "by": ensemble_leader}
    with pytest.raises(EnsemblesError, match="cannot be in the past"):
        auditions.publish_slot(
            date=today - datetime.timedelta(days=1),
            starts_at=datetime.time(10),
            ends_at=datetime.time(11),
            **args,
        )
    with pytest.raises(EnsemblesError, match="must end after it starts") as refused:
        auditions.publish_slot(date=today, starts_at=datetime.time(11), ends_at=datetime.time(10), **args)
    assert refused.value.field == "ends_at"
    assert not AuditionSlot.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_families_booking_the_last_slot_at_once_exactly_one_gets_it(staff_groups):
    academic_year(2026)
    ensemble = EnsembleFactory()
    SectionFactory(ensemble=ensemble)
    slot = AuditionSlotFactory(ensemble=ensemble)
    pending = [ApplicationFactory(ensemble=ensemble) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes_seen = []

    def book(application):
        try:
            barrier.wait()
            auditions.book_audition(application=application, slot=slot, by=application.applied_by.user)
            outcomes_seen.append("booked")
        except EnsemblesError as error:
            outcomes_seen.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(application,)) for application in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes_seen) == [
        "Another family has just booked that audition: please choose another.",
        "booked",
    ]
    assert AuditionSlot.objects.get(pk=slot.pk).application_id in {item.pk for item in pending}


# --- Outcomes --------------------------------------------------------------------------------------------


def test_accepting_makes_the_membership_paid_by_the_applying_guardian_and_emails_them(
    ensemble, child, guardian, ensemble_leader, year, django_capture_on_commit_callbacks
):
    application = _apply(ensemble, child, guardian)
    violins = ensemble.sections.get()
    with django_capture_on_commit_callbacks():
        outcomes.record_outcome(
            application=application,
            outcome="accepted",
            section=violins,
            note="See you in September!",
            by=ensemble_leader,
        )
    member = Membership.objects.get()
    assert (member.pupil, member.section, member.payer, member.academic_year) == (
        child,
        violins,
        guardian,
        year,
    )
    assert member.joined_on == max(timezone.localdate(), year.starts_on)
    email = OutgoingEmail.objects.get()
    assert email.to == ["parent@example.org"]
    assert "A place for Amira in Brindleton Junior Strings, 2026/27" in email.subject
    assert "Violins section" in email.body and "See you in September!" in email.body
    assert "What to do next" in email.body and f"{SITE}/family/" in email.body
    assert "<strong>What to do next:</strong>" in email.html


def test_the_acceptance_says_what_a_term_costs_the_family_as_the_billing_run_prices_it(
    ensemble, child, guardian, ensemble_leader, year
):
    """The fee in the e-mail is ensembles.pricing's, the same that the family billing run charges: the
    ensemble's termly fee, and what the family pays after the child's help with fees."""
    EnsembleFeeFactory(ensemble=ensemble, academic_year=year, termly_fee=Decimal("45.00"))
    half = RemissionCategoryFactory(name="Low household income", reason="low_income", percent=Decimal("50"))
    RemissionAwardFactory(pupil=child, category=half, academic_year=year)
    application = _apply(ensemble, child, guardian)
    outcomes.record_outcome(
        application=application, outcome="accepted", section=ensemble.sections.get(), by=ensemble_leader
    )
    email = OutgoingEmail.objects.get()
    priced = termly_ensemble_fee_for(child, ensemble, year)
    assert (priced.fee, priced.to_pay) == (Decimal("45.00"), Decimal("22.50"))
    expected = "A term costs £45.00; with the help with fees Amira has, you pay £22.50."
    assert expected in email.body and expected in email.html


@pytest.mark.parametrize(
    ("outcome", "subject"),
    [("waiting_list", "Amira is on the waiting list for"), ("declined", "Your application for Amira to")],
)
def test_the_waiting_list_and_a_decline_are_emailed_with_the_next_step(
    ensemble, child, guardian, ensemble_leader, outcome, subject
):
    application = _apply(ensemble, child, guardian)
    outcomes.record_outcome(application=application, outcome=outcome, by=ensemble_leader)
    email = OutgoingEmail.objects.get()
    assert subject in email.subject and "What to do next" in email.body and email.html
    assert not Membership.objects.exists()
    assert Application.objects.get().status == outcome


def test_accepting_needs_a_section_that_takes_the_instrument(ensemble, child, guardian, ensemble_leader):
    application = _apply(ensemble, child, guardian)
    cellos = SectionFactory(ensemble=ensemble, name="Cellos", instrument_types=[instrument("Cello")])
    with pytest.raises(EnsemblesError, match="Choose the section"):
        outcomes.record_outcome(application=application, outcome="accepted", by=ensemble_leader)
    with pytest.raises(EnsemblesError, match="The Cellos section does not take the violin") as refused:
        outcomes.record_outcome(
            application=application, outcome="accepted", section=cellos, by=ensemble_leader
        )
    assert refused.value.field == "section"
    assert not Membership.objects.exists() and not OutgoingEmail.objects.exists()
    assert Application.objects.get().status == Application.Status.APPLIED


def test_a_full_ensemble_refuses_a_place_and_nothing_is_half_saved(
    ensemble, child, guardian, ensemble_leader
):
    ensemble.capacity = 1
    ensemble.save()
    violins = ensemble.sections.get()
    MembershipFactory(section=violins)
    application = _apply(ensemble, child, guardian)
    with pytest.raises(EnsemblesError, match="is full for 2026/27"):
        outcomes.record_outcome(
            application=application, outcome="accepted", section=violins, by=ensemble_leader
        )
    assert Membership.objects.count() == 1
    assert Application.objects.get().status == Application.Status.APPLIED
    # Put on the waiting list instead, then accepted once a member leaves.
    outcomes.record_outcome(application=application, outcome="waiting_list", by=ensemble_leader)
    Membership.objects.update(left_on=timezone.localdate(), leave_reason="Moved away")
    outcomes.record_outcome(application=application, outcome="accepted", section=violins, by=ensemble_leader)
    assert Membership.objects.filter(pupil=child).exists()


def test_a_decided_application_cannot_be_decided_again(ensemble, child, guardian, ensemble_leader):
    application = _apply(ensemble, child, guardian)
    outcomes.record_outcome(application=application, outcome="declined", by=ensemble_leader)
    with pytest.raises(EnsemblesError, match="already closed"):
        outcomes.record_outcome(application=application, outcome="waiting_list", by=ensemble_leader)


@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_for_the_last_place_at_once_give_it_once(staff_groups):
    academic_year(2026)
    leader = factories.make_staff("Ensemble leader", email="lead@hub.example.org")
    ensemble = EnsembleFactory(capacity=1, leaders=[leader])
    section = SectionFactory(ensemble=ensemble)
    pending = [ApplicationFactory(ensemble=ensemble) for _ in range(2)]
    barrier = threading.Barrier(2)
    seen = []

    def accept(application):
        try:
            barrier.wait()
            outcomes.record_outcome(application=application, outcome="accepted", section=section, by=leader)
            seen.append("accepted")
        except EnsemblesError as error:
            seen.append(str(error).split(":")[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(application,)) for application in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(["accepted", f"{ensemble.name} is full for 2026/27 (capacity 1)"])
    assert Membership.objects.filter(ensemble=ensemble).count() == 1


def test_the_decide_page_shows_a_missing_section_next_to_it(
    client, ensemble, child, guardian, ensemble_leader
):
    application = _apply(ensemble, child, guardian)
    client.force_login(ensemble_leader)
    url = reverse("ensembles:application-decide", kwargs={"public_id": application.public_id})
    response = client.post(url, {"outcome": "accepted", "note": ""})
    assert response.context["form"].errors == {"section": ["Choose the section the child joins."]}
    assert not Membership.objects.exists()


def test_staff_see_sections_filling_towards_their_targets(client, ensemble, ensemble_leader):
    violins = ensemble.sections.get()
    MembershipFactory.create_batch(3, section=violins)
    MembershipFactory(section=violins, left_on=timezone.localdate(), leave_reason="Moved away")
    client.force_login(ensemble_leader)
    response = client.get(reverse("ensembles:ensemble-applications", kwargs={"slug": ensemble.slug}))
    [row] = response.context["sections"]
    assert (row.name, row.members, row.target) == ("Violins", 3, 10)


def _family_home_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_family_home_reads_the_childrens_ensembles_in_a_fixed_number_of_queries(
    client, guardian, child, ensemble
):
    client.force_login(guardian.user)
    url = reverse("hub:family-home")
    MembershipFactory(section=ensemble.sections.get(), pupil=child, payer=guardian)
    ApplicationFactory(pupil=child, applied_by=guardian)
    client.get(url)
    few = _family_home_queries(client, url)
    for _ in range(4):
        child = factories.PupilFactory(guardians=[guardian])
        MembershipFactory(section=ensemble.sections.get(), pupil=child, payer=guardian)
        ApplicationFactory(pupil=child, applied_by=guardian)
    assert _family_home_queries(client, url) == few
    page = client.get(url).content.decode()
    assert "Member of Brindleton Junior Strings, Violins, 2026/27" in page


def test_the_leaders_home_lists_applications_to_decide_in_their_ensembles_only(
    client, ensemble, ensemble_leader
):
    waiting = ApplicationFactory(ensemble=ensemble)
    ApplicationFactory(ensemble=ensemble, status=Application.Status.DECLINED)
    ApplicationFactory()  # another leader's ensemble
    client.force_login(ensemble_leader)
    response = client.get(reverse("hub:staff-home"))
    figures = response.context["figures"]["Ensemble leader"]
    assert figures["to_decide"] == 1
    assert [row.public_id for row in figures["applications"]] == [waiting.public_id]
    decide = reverse("ensembles:application-decide", kwargs={"public_id": waiting.public_id})
    assert decide in response.content.decode()


def test_the_family_books_on_the_application_page_and_a_slot_taken_meanwhile_is_said_at_the_field(
    client, ensemble, child, guardian, other_child, other_guardian
):
    mine = _apply(ensemble, child, guardian)
    theirs = _apply(ensemble, other_child, other_guardian)
    slot = AuditionSlotFactory(ensemble=ensemble)
    client.force_login(guardian.user)
    url = reverse("ensembles:family-application", kwargs={"public_id": mine.public_id})
    assert slot.place in client.get(url).content.decode()
    auditions.book_audition(application=theirs, slot=slot, by=other_guardian.user)  # while the page was open
    response = client.post(url, {"slot": slot.public_id})
    assert response.context["form"].errors == {"slot": ["That audition is no longer free: choose another."]}
    assert AuditionSlot.objects.get(pk=slot.pk).application == theirs
    free = AuditionSlotFactory(ensemble=ensemble, starts_at=datetime.time(11), ends_at=datetime.time(11, 15))
    assert client.post(url, {"slot": free.public_id}).status_code == 302
    assert AuditionSlot.objects.get(pk=free.pk).application == mine


def test_the_family_withdraws_an_application_from_its_page(client, ensemble, child, guardian):
    application = _apply(ensemble, child, guardian)
    client.force_login(guardian.user)
    url = reverse("ensembles:family-application-withdraw", kwargs={"public_id": application.public_id})
    assert "Withdraw Amira's application to Brindleton Junior Strings?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Application.objects.get().status == Application.Status.WITHDRAWN


def test_staff_publish_an_audition_and_a_bad_one_is_said_at_its_field(client, ensemble, ensemble_leader):
    client.force_login(ensemble_leader)
    url = reverse("ensembles:auditions", kwargs={"slug": ensemble.slug})
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    bad = client.post(url, {"date": day, "starts_at": "10:30", "ends_at": "10:00", "place": "Room 4"})
    assert bad.context["form"].errors == {"ends_at": ["An audition must end after it starts."]}
    assert not AuditionSlot.objects.exists()
    good = client.post(url, {"date": day, "starts_at": "10:00", "ends_at": "10:15", "place": "Room 4"})
    assert good.status_code == 302
    slot = AuditionSlot.objects.get()
    assert (slot.ensemble, slot.place) == (ensemble, "Room 4")
    remove = reverse("ensembles:audition-remove", kwargs={"public_id": slot.public_id})
    assert client.post(remove).status_code == 302
    assert not AuditionSlot.objects.exists()


def test_a_booked_audition_cannot_be_removed(ensemble, child, guardian, ensemble_leader):
    slot = AuditionSlotFactory(ensemble=ensemble)
    auditions.book_audition(application=_apply(ensemble, child, guardian), slot=slot, by=guardian.user)
    with pytest.raises(EnsemblesError, match="This audition is booked"):
        auditions.remove_slot(slot=slot, by=ensemble_leader)
    assert AuditionSlot.objects.filter(pk=slot.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_application_sent_twice_at_once_is_saved_once(staff_groups):
    academic_year(2026)
    ensemble = EnsembleFactory()
    SectionFactory(ensemble=ensemble, instrument_types=[instrument("Violin")])
    guardian = factories.GuardianFactory()
    child = factories.PupilFactory(first_name="Amira", guardians=[guardian])
    barrier = threading.Barrier(2)
    seen = []

    def send():
        try:
            barrier.wait()
            _apply(ensemble, child, guardian)
            seen.append("applied")
        except EnsemblesError as error:
            seen.append(str(error).split(" for ")[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(["applied", f"Amira has already applied to {ensemble.name}"])
    assert Application.objects.filter(pupil=child).count() == 1


def test_signed_in_guardians_are_offered_apply_on_the_listing_and_the_page_others_are_not(
    client, ensemble, guardian, ensemble_leader
):
    apply = reverse("ensembles:apply", kwargs={"slug": ensemble.slug})
    detail = reverse("ensembles:public-detail", kwargs={"slug": ensemble.slug})
    listing = reverse("ensembles:public-list")
    anonymous = client.get(detail).content.decode()
    assert f'href="{apply}"' not in anonymous and "Sign in to apply" in anonymous
    client.force_login(ensemble_leader)
    assert f'href="{apply}"' not in client.get(listing).content.decode()
    client.force_login(guardian.user)
    assert f'href="{apply}"' in client.get(listing).content.decode()
    assert f'href="{apply}"' in client.get(detail).content.decode()


def test_the_leaders_home_says_where_each_application_to_decide_stands():
    def row(status, on=None, at=None):
        return ToDecide(uuid.uuid4(), "Ada Smith", "Violin", "Band", status, on, at)

    day, time = datetime.date(2026, 12, 19), datetime.time(9, 45)
    assert row("waiting_list", day, time).state == "on the waiting list"
    assert row("applied", day, time).state == "audition 19/12/2026 09:45"
    assert row("applied").state == "no audition booked"
