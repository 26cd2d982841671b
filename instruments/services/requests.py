"""A family's request to hire an instrument for a child: it joins the queue for its type and size, until
staff allocate one, the family withdraws it, or staff decline it with a reason the family is sent."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, Guardian, InstrumentType, User
from instruments import emails
from instruments.errors import InstrumentsError
from instruments.models import HireRequest
from instruments.naming import a_kind, kind
from instruments.services.inventory import size_of
from schools.models import Pupil

REQUEST_FIELDS = ["pupil", "instrument_type", "size", "status", "note", "decline_reason"]
LONGEST_REASON = 1000


def guardian_of(pupil: Pupil, by: User) -> Guardian:
    """The signed-in parent, if they are one of the child's; nobody acts for another family's child."""
    guardian = getattr(by, "guardian", None)
    if guardian is None or not pupil.guardians.filter(pk=guardian.pk).exists():
        raise InstrumentsError("Only the child's parents and carers can ask to hire an instrument for them.")
    return guardian


def _already_waiting(pupil: Pupil, instrument_type: InstrumentType) -> InstrumentsError:
    return InstrumentsError(
        f"{pupil.first_name} is already waiting for {a_kind(instrument_type)}: withdraw that request "
        "first to ask for another size.",
        field="instrument_type",
    )


def is_waiting(pupil: Pupil, instrument_type: InstrumentType) -> bool:
    return HireRequest.objects.filter(
        pupil=pupil, instrument_type=instrument_type, status__in=HireRequest.OPEN
    ).exists()


@transaction.atomic
def request_hire(
    *, pupil: Pupil, instrument_type: InstrumentType, size: str, by: User, note: str = ""
) -> HireRequest:
    """Ask to hire an instrument of a type and size for a child: the request waits for staff to allocate
    one."""
    guardian = guardian_of(pupil, by)
    if not guardian.billing_address_lines:
        # The termly hire fee is billed to the payer's address.
        raise InstrumentsError(
            "Add your billing address (in your details) before you ask to hire an instrument."
        )
    if not instrument_type.hireable:
        raise InstrumentsError(f"The hub does not lend {kind(instrument_type)}s.", field="instrument_type")
    size = size_of(instrument_type, size)
    if is_waiting(pupil, instrument_type):
        raise _already_waiting(pupil, instrument_type)
    try:
        with transaction.atomic():
            hire_request = HireRequest.objects.create(
                pupil=pupil,
                requested_by=guardian,
                instrument_type=instrument_type,
                size=size,
                note=note.strip(),
                requested_at=timezone.now(),
            )
    except IntegrityError as error:  # the same request sent twice at once
        raise _already_waiting(pupil, instrument_type) from error
    record_change(
        actor=by,
        instance=hire_request,
        action=AuditEvent.Action.CREATED,
        after=snapshot(hire_request, REQUEST_FIELDS),
    )
    return hire_request


@transaction.atomic
def withdraw_request(*, hire_request: HireRequest, by: User) -> HireRequest:
    """The family no longer wants the instrument: the request leaves its queue."""
    locked = (
        HireRequest.objects.select_for_update(of=("self",))
        .select_related("pupil", "instrument_type")
        .get(pk=hire_request.pk)
    )
    guardian_of(locked.pupil, by)
    if locked.status == HireRequest.Status.ALLOCATED:
        raise InstrumentsError(
            f"An instrument has already been allocated for {locked.pupil.first_name}: please contact the hub "
            "if you no longer want it."
        )
    if not locked.is_open:
        raise InstrumentsError(f"This request is already closed: {locked.get_status_display().lower()}.")
    set_request_status(locked, HireRequest.Status.WITHDRAWN, by=by)
    return locked


def given_reason(reason: str, *, missing: str) -> str:
    """A reason staff give (the family may be sent it), tidied; `missing` is said when there is none."""
    reason = reason.strip()
    if not reason:
        raise InstrumentsError(missing, field="reason")
    if len(reason) > LONGEST_REASON:
        raise InstrumentsError(f"A reason is at most {LONGEST_REASON} characters.", field="reason")
    return reason


def set_request_status(locked: HireRequest, status: str, *, by: User | None, **fields) -> None:
    """Move a (locked) request to the status, closed now unless it waits again, and audit it. Saved in a
    savepoint, so that a caller may catch the database's refusal of a second waiting request."""
    before = snapshot(locked, REQUEST_FIELDS)
    locked.status = status
    locked.closed_at = None if status == HireRequest.Status.WAITING else timezone.now()
    for name, value in fields.items():
        setattr(locked, name, value)
    with transaction.atomic():
        locked.save(update_fields=["status", "closed_at", *fields])
    record_change(
        actor=by,
        instance=locked,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(locked, REQUEST_FIELDS),
    )


def lock_request(hire_request: HireRequest) -> HireRequest:
    """The request's row, locked until the transaction ends, read afresh (with its child, family and type)."""
    return (
        HireRequest.objects.select_for_update(of=("self",))
        .select_related("pupil", "requested_by__user", "instrument_type")
        .get(pk=hire_request.pk)
    )


@transaction.atomic
def decline_request(*, hire_request: HireRequest, reason: str, by: User) -> HireRequest:
    """The hub will not lend what was asked for: the request leaves its queue, and the family is e-mailed the
    reason."""
    locked = lock_request(hire_request)
    if not locked.is_open:
        raise InstrumentsError(f"This request is no longer waiting: {locked.get_status_display().lower()}.")
    reason = given_reason(reason, missing="Say why the request is declined: the family is sent it.")
    set_request_status(locked, HireRequest.Status.DECLINED, by=by, decline_reason=reason)
    emails.tell_of_decline(locked)
    return locked
