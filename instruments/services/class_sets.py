"""Class sets: many instruments lent at once to a school for whole-class teaching, free under its SLA or
charged to its account. All of them or none: one instrument that cannot go leaves the whole loan unmade."""

import datetime

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from instruments.errors import InstrumentsError
from instruments.models import ClassSetLoan, Hire, Instrument
from instruments.services.hires import check_out, open_hire, why_not_lendable
from schools.models import School

LARGEST_CLASS_SET = 120


@transaction.atomic
def lend_class_set(
    *,
    school: School,
    instruments: list[Instrument],
    due_back_on: datetime.date,
    free_under_sla: bool,
    by: User,
    note: str = "",
    out_on: datetime.date | None = None,
) -> ClassSetLoan:
    """Lend the instruments to the school, each a hire of one loan; checked out at once when `out_on` is given
    (each in the condition the store last graded it)."""
    if not instruments:
        raise InstrumentsError("Choose the instruments to lend.", field="instruments")
    if len(instruments) > LARGEST_CLASS_SET:
        raise InstrumentsError(
            f"A class set is at most {LARGEST_CLASS_SET} instruments.", field="instruments"
        )
    if due_back_on <= timezone.localdate():
        raise InstrumentsError("The day they are due back must be after today.", field="due_back_on")
    # Locked in one order (by id), so that two loans sharing instruments wait for each other, never deadlock.
    locked = list(
        Instrument.objects.select_for_update(of=("self",))
        .select_related("instrument_type")
        .filter(pk__in=[item.pk for item in instruments])
        .order_by("pk")
    )
    locked.sort(key=lambda item: item.asset_tag)
    for instrument in locked:
        if problem := why_not_lendable(instrument):
            raise InstrumentsError(f"{problem} Nothing was lent: take it off the list.", field="instruments")
    loan = ClassSetLoan.objects.create(
        school=school, free_under_sla=free_under_sla, note=note.strip(), created_by=by
    )
    record_change(
        actor=by,
        instance=loan,
        action=AuditEvent.Action.CREATED,
        after={
            **snapshot(loan, ["school", "free_under_sla", "note"]),
            "instruments": [i.asset_tag for i in locked],
        },
    )
    now = timezone.now()
    for instrument in locked:
        hire = open_hire(
            Hire(
                instrument=instrument,
                class_set=loan,
                allocated_at=now,
                allocated_by=by,
                due_back_on=due_back_on,
            )
        )
        if out_on is not None:
            check_out(hire=hire, condition=instrument.condition, on=out_on, by=by)
    return loan
