"""Writes about people: children and their equality records, and schools' contacts."""

from django.db import transaction

from hub.accounts.services import get_or_create_invited_user, invite_or_notify
from hub.audit import record_change, snapshot
from hub.models import AuditEvent, Guardian, User
from schools.errors import SchoolsError
from schools.models import EqualityRecord, Pupil, School, SchoolContact

PUPIL_FIELDS = ["first_name", "last_name", "date_of_birth", "school", "other_school_name"]


CONTACT_FIELDS = ["user", "school", "role", "can_order"]


EQUALITY_FIELDS = [
    "gender",
    "ethnicity",
    "send",
    "free_school_meals",
    "pupil_premium",
    "looked_after",
    "young_carer",
]


@transaction.atomic
def add_child(*, guardian: Guardian, data: dict, equality: dict | None, by: User) -> Pupil:
    """A guardian adds one of their children, with equality data if they chose to give it."""
    # Lock the family so that a double-clicked form cannot add the same child twice.
    Guardian.objects.select_for_update().get(pk=guardian.pk)
    twin = guardian.children.filter(
        first_name__iexact=data["first_name"].strip(),
        last_name__iexact=data["last_name"].strip(),
        date_of_birth=data["date_of_birth"],
    )
    if twin.exists():
        raise SchoolsError(f"{data['first_name']} {data['last_name']} is already on your account.")
    pupil = Pupil(**{name: data[name] for name in PUPIL_FIELDS})
    pupil.full_clean()
    pupil.save()
    pupil.guardians.add(guardian)
    record_change(
        actor=by, instance=pupil, action=AuditEvent.Action.CREATED, after=snapshot(pupil, PUPIL_FIELDS)
    )
    if equality:
        save_equality(pupil=pupil, data=equality, by=by)
    return pupil


@transaction.atomic
def update_child(*, pupil: Pupil, data: dict, equality: dict | None, by: User) -> Pupil:
    """Change a child's details and equality answers together (None withdraws them), recording changes."""
    before = snapshot(pupil, PUPIL_FIELDS)
    for name in PUPIL_FIELDS:
        setattr(pupil, name, data[name])
    pupil.full_clean()
    pupil.save()
    record_change(
        actor=by,
        instance=pupil,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(pupil, PUPIL_FIELDS),
    )
    if equality is None:
        remove_equality(pupil=pupil, by=by)
    else:
        save_equality(pupil=pupil, data=equality, by=by)
    return pupil


@transaction.atomic
def save_equality(*, pupil: Pupil, data: dict, by: User) -> EqualityRecord:
    """Create or change a pupil's equality record; the audit trail notes which fields, never the values."""
    record, created = EqualityRecord.objects.select_for_update().get_or_create(pupil=pupil)
    before = {} if created else snapshot(record, EQUALITY_FIELDS)
    for name in EQUALITY_FIELDS:
        setattr(record, name, data[name])
    record.save()
    record_change(
        actor=by,
        instance=record,
        action=AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(record, EQUALITY_FIELDS),
        sensitive=True,
    )
    return record


@transaction.atomic
def remove_equality(*, pupil: Pupil, by: User) -> None:
    """A guardian withdraws the equality data they gave."""
    record = EqualityRecord.objects.filter(pupil=pupil).first()
    if record:
        record_change(actor=by, instance=record, action=AuditEvent.Action.DELETED)
        record.delete()


@transaction.atomic
def invite_contact(
    *,
    school: School,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    can_order: bool,
    by: User,
) -> SchoolContact:
    """Make someone a contact of a school and e-mail them a link to set their password."""
    user, created = get_or_create_invited_user(email=email, first_name=first_name, last_name=last_name)
    if SchoolContact.objects.filter(user=user, school=school).exists():
        raise SchoolsError(f"{user.email} is already a contact of {school.name}.")
    contact = SchoolContact.objects.create(user=user, school=school, role=role, can_order=can_order)
    record_change(
        actor=by,
        instance=contact,
        action=AuditEvent.Action.CREATED,
        after=snapshot(contact, CONTACT_FIELDS),
    )
    invite_or_notify(
        user=user,
        role_description=f"{contact.get_role_display()} at {school.name}",
        access=f"{school.name} in the portal",
        by=by,
    )
    return contact


@transaction.atomic
def update_contact(*, contact: SchoolContact, role: str, can_order: bool, by: User) -> SchoolContact:
    fields = ["role", "can_order"]
    before = snapshot(contact, fields)
    contact.role, contact.can_order = role, can_order
    contact.save(update_fields=fields)
    record_change(
        actor=by,
        instance=contact,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(contact, fields),
    )
    return contact


@transaction.atomic
def remove_contact(*, contact: SchoolContact, by: User) -> None:
    record_change(
        actor=by,
        instance=contact,
        action=AuditEvent.Action.DELETED,
        before=snapshot(contact, CONTACT_FIELDS),
    )
    contact.delete()
