"""Accounts: registering guardians, inviting people, and taking up an invitation."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.mail import salutation, send_templated, site_url
from hub.models import AuditEvent, Guardian, Invitation, StaffProfile, StaffRole, User
from hub.models.people import hash_token


class AccountError(Exception):
    """An account action that cannot go ahead, with a reason a person can read."""


@transaction.atomic
def register_guardian(*, user: User) -> Guardian:
    """Give a newly registered user their family account."""
    guardian, _ = Guardian.objects.get_or_create(user=user)
    return guardian


def get_or_create_invited_user(*, email: str, first_name: str, last_name: str) -> tuple[User, bool]:
    """The user an invitation is for; a new one has no usable password until they accept."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.save()
    return user, True


@transaction.atomic
def create_invitation(*, user: User, role_description: str, by: User) -> Invitation:
    """Make an invitation and send its link once the transaction commits; older links stop working."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        role_description=role_description,
        invited_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    context = {
        "invitation": invitation,
        "greeting": salutation([user]),
        "link": site_url(reverse("hub:invitation-accept", kwargs={"token": token})),
    }
    send_templated("hub/email/invitation", context, to=[user.email])
    return invitation


def invite_or_notify(*, user: User, role_description: str, access: str, by: User) -> Invitation | None:
    """Someone with no password yet gets an invitation link; someone who already signs in gets a note.

    `access` finishes the note's sentence "You now have access to ...".
    """
    if not user.has_usable_password():
        return create_invitation(user=user, role_description=role_description, by=by)
    context = {
        "user": user,
        "greeting": salutation([user]),
        "access": access,
        "invited_by": by,
        "link": site_url(reverse("account_login")),
    }
    send_templated("hub/email/access_granted", context, to=[user.email])
    return None


def find_invitation(token: str) -> Invitation:
    """The invitation for a link, or an AccountError saying why it cannot be used."""
    invitation = Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise AccountError("This invitation link is not valid. Check that you copied the whole link.")
    if not invitation.user.is_active:
        # A closed account stays closed: only the hub reopens it, never an old e-mail.
        raise AccountError("This account has been closed. Contact the hub.")
    if invitation.accepted_at is not None:
        raise AccountError(
            "This invitation has already been used. Sign in with your e-mail address and password."
        )
    if invitation.is_expired:
        raise AccountError("This invitation has expired. Ask the hub to send you a new one.")
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the invited person's password, mark their address verified and use up the link."""
    invitation = find_invitation(token)
    # Lock the row so that two clicks on the same link cannot both succeed.
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AccountError(
            "This invitation has already been used. Sign in with your e-mail address and password."
        )
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def invite_staff(*, email: str, first_name: str, last_name: str, roles: list[str], by: User) -> User:
    """Invite a member of staff with their roles; they set a password from the e-mailed link."""
    user, _ = get_or_create_invited_user(email=email, first_name=first_name, last_name=last_name)
    StaffProfile.objects.get_or_create(user=user)
    set_staff_roles(user=user, roles=roles, by=by)
    described = ", ".join(sorted(roles))
    invite_or_notify(user=user, role_description=described, access=f"the portal as {described}", by=by)
    return user


@transaction.atomic
def set_staff_roles(*, user: User, roles: list[str], by: User) -> None:
    """Replace a person's staff roles, recording the change."""
    unknown = set(roles) - set(StaffRole.values)
    if unknown:
        raise AccountError(f"Unknown role: {', '.join(sorted(unknown))}.")
    before = {"roles": sorted(user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True))}
    keep = user.groups.exclude(name__in=StaffRole.values)
    user.groups.set(list(keep) + list(Group.objects.filter(name__in=roles)))
    user.__dict__.pop("_staff_roles", None)
    profile = StaffProfile.objects.get_or_create(user=user)[0]
    record_change(
        actor=by,
        instance=profile,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after={"roles": sorted(roles)},
    )


@transaction.atomic
def update_staff_profile(*, profile: StaffProfile, data: dict, instruments, by: User) -> StaffProfile:
    """Change a staff member's details (job title, DBS date, instruments taught), recording the change."""
    fields = ["job_title", "phone", "dbs_checked_on"]
    before = snapshot(profile, fields) | {"instruments": sorted(str(i) for i in profile.instruments.all())}
    for name in fields:
        setattr(profile, name, data[name])
    profile.save()
    profile.instruments.set(instruments)
    after = snapshot(profile, fields) | {"instruments": sorted(str(i) for i in instruments)}
    record_change(actor=by, instance=profile, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return profile


@transaction.atomic
def update_staff_member(
    *, profile: StaffProfile, data: dict, instruments, roles: list[str], by: User
) -> StaffProfile:
    """Change a staff member's details and roles together: both are saved, or neither."""
    update_staff_profile(profile=profile, data=data, instruments=instruments, by=by)
    set_staff_roles(user=profile.user, roles=roles, by=by)
    return profile


@transaction.atomic
def update_guardian_details(*, guardian: Guardian, data: dict, by: User) -> Guardian:
    """A parent or carer changes their name, phone or billing address."""
    user = guardian.user
    user.first_name, user.last_name = data["first_name"].strip(), data["last_name"].strip()
    user.save(update_fields=["first_name", "last_name"])
    for name in ("phone", "address_line_1", "address_line_2", "town", "postcode"):
        setattr(guardian, name, data[name])
    guardian.save()
    return guardian
