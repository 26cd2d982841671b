"""Staff allocate an instrument in stock to a family's waiting request; the family is e-mailed the agreement.

Two staff allocating the last 3/4 violin at once: the request's row and then the instrument's are locked, so
the second waits, then finds the instrument taken; were the lock ever skipped, the database's one open hire an
instrument rule refuses the second hire all the same.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.selectors import current_academic_year
from instruments import emails
from instruments.errors import InstrumentsError
from instruments.models import Hire, HireRequest, Instrument
from instruments.naming import a_kind, kind
from instruments.services.hires import lock_instrument, open_hire, why_not_lendable
from instruments.services.requests import REQUEST_FIELDS


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
    before = snapshot(locked, REQUEST_FIELDS)
    locked.status, locked.closed_at = HireRequest.Status.ALLOCATED, now
    locked.save(update_fields=["status", "closed_at"])
    record_change(
        actor=by,
        instance=locked,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(locked, REQUEST_FIELDS),
    )
    emails.tell_of_allocation(hire)
    return hire
