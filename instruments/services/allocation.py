"""Staff allocate an instrument in stock to a family's waiting request; the family is e-mailed the agreement.
Until the instrument goes out, staff may cancel the allocation: the instrument is free again, and the request
goes back to its place in the queue or is closed.

Two staff allocating the last 3/4 violin at once: the request's row and then the instrument's are locked, so
the second waits, then finds the instrument taken; were the lock ever skipped, the database's one open hire an
instrument rule refuses the second hire all the same.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.selectors import current_academic_year
from instruments import emails
from instruments.errors import InstrumentsError
from instruments.models import Hire, HireRequest, Instrument
from instruments.naming import a_kind, kind
from instruments.services.hires import (
    HIRE_FIELDS,
    holder,
    lock_hire,
    lock_instrument,
    open_hire,
    why_not_lendable,
)
from instruments.services.requests import (
    given_reason,
    is_waiting,
    lock_request,
    set_request_status,
)


def default_due_back() -> datetime.date | None:
    """A family hire runs to the end of the academic year it starts in (it is renewed for the next)."""
    year = current_academic_year()
    if year is None or year.ends_on < timezone.localdate():
        return None
    return year.ends_on


@transaction.atomic
def allocate(
    *, hire_request: HireRequest, instrument: Instrument, by: User, due_back_on: datetime.date | None = None
) -> Hire:
    """Allocate the instrument to the waiting request: a hire that waits for the family to accept its
    agreement."""
    locked = (
        HireRequest.objects.select_for_update(of=("self",))
        .select_related("pupil", "requested_by__user", "instrument_type")
        .get(pk=hire_request.pk)
    )
    if locked.status == HireRequest.Status.ALLOCATED:
        raise InstrumentsError("This request already has an instrument allocated.")
    if not locked.is_open:
        raise InstrumentsError(f"This request is no longer waiting: {locked.get_status_display().lower()}.")
    instrument = lock_instrument(instrument)
    wanted = a_kind(locked.instrument_type, locked.size)
    if instrument.instrument_type_id != locked.instrument_type_id or instrument.size != locked.size:
        raise InstrumentsError(
            f"{instrument.asset_tag} is {a_kind(instrument.instrument_type, instrument.size)}; "
            f"the request is for {wanted}.",
            field="instrument",
        )
    if problem := why_not_lendable(instrument):
        raise InstrumentsError(
            f"{problem} Choose another {kind(locked.instrument_type, locked.size)}.", field="instrument"
        )
    if due_back_on is not None and due_back_on <= timezone.localdate():
        raise InstrumentsError("The day it is due back must be after today.", field="due_back_on")
    now = timezone.now()
    hire = open_hire(
        Hire(
            instrument=instrument,
            pupil=locked.pupil,
            payer=locked.requested_by,
            request=locked,
            allocated_at=now,
            allocated_by=by,
            due_back_on=due_back_on,
        )
    )
    set_request_status(locked, HireRequest.Status.ALLOCATED, by=by)
    emails.tell_of_allocation(hire)
    return hire


@transaction.atomic
def cancel_allocation(*, hire: Hire, reason: str, back_to_queue: bool, by: User) -> Hire:
    """Cancel a hire before its instrument goes out (the family changed their mind, or the instrument will not
    do): the instrument is free to allocate again; a family's request goes back to its original place in its
    queue, or is closed as withdrawn."""
    # The instrument's row first, as check-out locks it: a cancel and a check-out of one hire wait for each
    # other, and the second finds what the first did.
    lock_instrument(hire.instrument)
    hire = lock_hire(hire)
    if problem := why_not_cancellable(hire):
        raise InstrumentsError(problem)
    reason = given_reason(reason, missing="Say why the allocation is cancelled.")
    now = timezone.now()
    before = snapshot(hire, HIRE_FIELDS)
    hire.status, hire.cancelled_at = Hire.Status.CANCELLED, now
    hire.note = f"{hire.note}\nCancelled: {reason}".strip()
    hire.save(update_fields=["status", "cancelled_at", "note", "updated_at"])
    record_change(
        actor=by,
        instance=hire,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after={**snapshot(hire, HIRE_FIELDS), "reason": reason},
    )
    if hire.request_id is not None:
        _after_cancel(hire, back_to_queue=back_to_queue, by=by)
    return hire


def why_not_cancellable(hire: Hire) -> str | None:
    """Why the hire cannot be cancelled (it is out, or closed), naming the tag; None if it can."""
    tag = hire.instrument.asset_tag
    if hire.status == Hire.Status.CANCELLED:
        assert hire.cancelled_at is not None  # a check constraint
        cancelled = timezone.localtime(hire.cancelled_at)
        return f"This allocation of {tag} was already cancelled on {cancelled:%d/%m/%Y}."
    if hire.status == Hire.Status.OUT:
        return (
            f"{tag} is already out with {holder(hire)} (since {hire.checked_out_on:%d/%m/%Y}): it cannot be "
            "cancelled. Return it at the scanner desk instead."
        )
    if not hire.is_open:
        return f"This hire of {tag} is {hire.get_status_display().lower()}: it cannot be cancelled."
    return None


def _asked_again(hire_request: HireRequest) -> InstrumentsError:
    return InstrumentsError(
        f"{hire_request.pupil.first_name} has asked for {a_kind(hire_request.instrument_type)} again since, "
        "and waits in the queue: close this request instead.",
        field="back_to_queue",
    )


def _after_cancel(hire: Hire, *, back_to_queue: bool, by: User) -> None:
    """The cancelled hire's request: back in its queue (its place is kept: a queue is by the time asked), or
    closed as withdrawn."""
    assert hire.request is not None
    locked = lock_request(hire.request)
    if back_to_queue and is_waiting(locked.pupil, locked.instrument_type):
        raise _asked_again(locked)
    status = HireRequest.Status.WAITING if back_to_queue else HireRequest.Status.WITHDRAWN
    try:
        set_request_status(locked, status, by=by)
    except IntegrityError as error:  # the family asked again a moment ago
        raise _asked_again(locked) from error
    emails.tell_of_cancelled_allocation(hire, back_to_queue=back_to_queue)
