"""Registration, invitations, sign-in limits and two-factor rules."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.accounts import services as accounts
from hub.models import AuditEvent, Guardian, Invitation, StaffProfile, User
from schools.errors import SchoolsError
from schools.models import SchoolContact
from schools.services.people import invite_contact
from tests.factories import PASSWORD, UserFactory


def _signup(client, email, **extra):
    data = {
        "first_name": "Sam",
        "last_name": "Lee",
        "email": email,
        "password1": "cello-practice-99",
        "password2": "cello-practice-99",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_a_parent_who_registers_gets_a_family_account_and_must_verify_their_address(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client, "Sam.Lee@Example.org")
    assert response.status_code == 302
    user = User.objects.get(email="sam.lee@example.org")
    assert Guardian.objects.filter(user=user).exists()
    assert len(mailoutbox) == 1 and "confirm-email" in mailoutbox[0].body
    # Not verified yet: signing in is refused until the link is followed.
    response = client.post(
        reverse("account_login"), {"login": "sam.lee@example.org", "password": "cello-practice-99"}
    )
    assert response.url == reverse("account_email_verification_sent")


def _page(client, url, email) -> str:
    """The page as anyone would see it after typing that address (which it repeats back)."""
    return client.get(url).content.decode().replace(email, "ADDRESS")


def test_signing_up_with_an_address_already_used_answers_as_for_a_new_one_and_tells_its_owner(
    client, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = _signup(client, guardian.user.email.upper())
        unknown = _signup(stranger := Client(), "someone.new@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert _page(client, known.url, guardian.user.email) == _page(
        stranger, unknown.url, "someone.new@example.org"
    )
    assert User.objects.filter(email__iexact=guardian.user.email).count() == 1
    assert Guardian.objects.filter(user__email__iexact=guardian.user.email).count() == 1
    to_owner = [mail for mail in mailoutbox if mail.to == [guardian.user.email]]
    assert len(to_owner) == 1 and "already" in to_owner[0].body


def test_a_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": guardian.user.email})
        unknown = (stranger := Client()).post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert _page(client, known.url, guardian.user.email) == _page(stranger, unknown.url, "nobody@example.org")
    to_owner = [mail for mail in mailoutbox if mail.to == [guardian.user.email]]
    assert len(to_owner) == 1 and "/accounts/password/reset/key/" in to_owner[0].body


def test_repeated_failed_sign_ins_are_rate_limited(client, guardian):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": guardian.user.email, "password": "wrong-password-1"})
    response = client.post(reverse("account_login"), {"login": guardian.user.email, "password": PASSWORD})
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _invite(school, hub_admin, email="new.contact@school.example.org"):
    return invite_contact(
        school=school,
        email=email,
        first_name="Ola",
        last_name="Ade",
        role="music_lead",
        can_order=False,
        by=hub_admin,
    )


def _token_from(mail) -> str:
    return mail.body.split("/invitations/")[1].split("/")[0]


def test_an_invitation_sets_the_password_once_and_verifies_the_address(
    client, school, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _invite(school, hub_admin)
    assert not contact.user.has_usable_password()
    token = _token_from(mailoutbox[0])
    url = reverse("hub:invitation-accept", kwargs={"token": token})

    mismatch = client.post(url, {"password1": "a-good-password-1", "password2": "a-different-one-2"})
    assert "The two passwords are not the same." in mismatch.content.decode()
    response = client.post(url, {"password1": "a-good-password-1", "password2": "a-good-password-1"})
    assert response.status_code == 302
    contact.user.refresh_from_db()
    assert contact.user.check_password("a-good-password-1")
    assert contact.user.emailaddress_set.get().verified

    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_invitation_says_so_and_changes_nothing(
    client, school, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _invite(school, hub_admin)
    Invitation.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=30),
        expires_at=timezone.now() - datetime.timedelta(days=23),
    )
    url = reverse("hub:invitation-accept", kwargs={"token": _token_from(mailoutbox[0])})
    response = client.post(url, {"password1": "a-good-password-1", "password2": "a-good-password-1"})
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    contact.user.refresh_from_db()
    assert not contact.user.has_usable_password()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_one_invitation_link_accept_it_once(school, staff_groups, mailoutbox):
    from tests.factories import make_staff

    admin = make_staff("Hub admin")
    _invite(school, admin)
    token = _token_from(mailoutbox[0])
    results, barrier = [], threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            accounts.accept_invitation(token=token, password="a-good-password-1")
            results.append("ok")
        except accounts.AccountError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]


def test_inviting_the_same_contact_twice_is_refused_with_a_reason(school, hub_admin, client):
    _invite(school, hub_admin)
    with pytest.raises(SchoolsError, match="already a contact of"):
        _invite(school, hub_admin)
    client.force_login(hub_admin)
    response = client.post(
        reverse("schools:contact-invite", kwargs={"urn": school.urn}),
        {
            "email": "new.contact@school.example.org",
            "first_name": "Ola",
            "last_name": "Ade",
            "role": "music_lead",
        },
    )
    assert "is already a contact of" in response.content.decode()
    assert SchoolContact.objects.filter(school=school).count() == 1


def test_an_existing_parent_invited_as_a_contact_keeps_their_password_and_is_told_by_email(
    client, school, hub_admin, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(hub_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:contact-invite", kwargs={"urn": school.urn}),
            {"email": guardian.user.email, "first_name": "Pat", "last_name": "Lee", "role": "music_lead"},
            follow=True,
        )
    guardian.user.refresh_from_db()
    assert guardian.user.check_password(PASSWORD)
    assert not Invitation.objects.exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [guardian.user.email]
    assert "You now have access to Hillside Primary School in the portal" in mailoutbox[0].body
    assert "sign in as usual" in mailoutbox[0].body and "/invitations/" not in mailoutbox[0].body
    page = response.content.decode()
    assert "an invitation is on its way" not in page
    assert "has been e-mailed to say so" in page


def test_an_existing_user_made_staff_is_told_by_email_and_gets_no_invitation(
    client, hub_admin, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(hub_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("hub:staff-invite"),
            {"email": guardian.user.email, "first_name": "Pat", "last_name": "Lee", "roles": ["Tutor"]},
            follow=True,
        )
    assert not Invitation.objects.exists()
    assert len(mailoutbox) == 1
    assert "You now have access to the portal as Tutor" in mailoutbox[0].body
    assert "has been e-mailed to say so" in response.content.decode()


def test_an_invitation_link_does_not_reopen_a_closed_account(
    client, school, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _invite(school, hub_admin)
    User.objects.filter(pk=contact.user.pk).update(is_active=False)
    token = _token_from(mailoutbox[0])
    url = reverse("hub:invitation-accept", kwargs={"token": token})
    response = client.post(url, {"password1": "a-good-password-1", "password2": "a-good-password-1"})
    assert response.status_code == 410
    assert "This account has been closed. Contact the hub." in response.content.decode()
    with pytest.raises(accounts.AccountError, match="closed"):
        accounts.accept_invitation(token=token, password="a-good-password-1")
    contact.user.refresh_from_db()
    assert not contact.user.is_active and not contact.user.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_a_new_invitation_makes_the_older_links_expire(
    client, school, other_school, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _invite(school, hub_admin)
        _invite(other_school, hub_admin)
    first, second = _token_from(mailoutbox[0]), _token_from(mailoutbox[1])
    with pytest.raises(accounts.AccountError, match="expired"):
        accounts.find_invitation(first)
    assert accounts.find_invitation(second).user == contact.user
    assert Invitation.objects.filter(user=contact.user, expires_at__gt=timezone.now()).count() == 1


def test_a_failure_in_the_roles_leaves_the_staff_members_details_unchanged(hub_admin, tutor, monkeypatch):
    profile = tutor.staff_profile

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(accounts, "set_staff_roles", broken)
    data = {"job_title": "Head of strings", "phone": "", "dbs_checked_on": None}
    with pytest.raises(RuntimeError):
        accounts.update_staff_member(
            profile=profile, data=data, instruments=[], roles=["Finance"], by=hub_admin
        )
    profile.refresh_from_db()
    assert profile.job_title != "Head of strings"
    assert not AuditEvent.objects.filter(object_id=str(profile.pk)).exists()


def test_hub_admin_invites_staff_with_roles_and_the_change_is_audited(
    client, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(hub_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("hub:staff-invite"),
            {
                "email": "new.tutor@hub.example.org",
                "first_name": "Ravi",
                "last_name": "Patel",
                "roles": ["Tutor"],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.tutor@hub.example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Tutor"]
    assert "invitations" in mailoutbox[0].body
    profile = StaffProfile.objects.get(user=user)
    event = AuditEvent.objects.get(object_id=str(profile.pk), content_type__model="staffprofile")
    assert event.changes == {"roles": [[], ["Tutor"]]} and event.actor == hub_admin


def test_staff_invitation_needs_at_least_one_role(client, hub_admin):
    client.force_login(hub_admin)
    response = client.post(
        reverse("hub:staff-invite"), {"email": "x@hub.example.org", "first_name": "X", "last_name": "Y"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="x@hub.example.org").exists()


def test_a_user_with_no_role_is_told_so(client, db):
    client.force_login(UserFactory())
    assert "Your account has no role yet" in client.get("/").content.decode()
