"""Class sets: many instruments lent at once to a school for whole-class teaching, free under its SLA or
charged to its account. All of them or none: one instrument that cannot go leaves the whole loan unmade, and
one that cannot come back leaves the whole return unmade."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from instruments.errors import InstrumentsError
from instruments.models import ClassSetLoan, Condition, Hire, Instrument
from instruments.services.hires import check_out, open_hire, return_hire, why_not_lendable
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


@transaction.atomic
def return_class_set(
    *, loan: ClassSetLoan, condition: str, returned_on: datetime.date, by: User
) -> list[Hire]:
    """Every instrument of the loan still out comes back on the day, in one condition, to stock: each hire
    returned as the desk returns one, all or none. One that is damaged is returned at the desk first."""
    # Two returns of one set (a double click) wait for each other; the second finds nothing out.
    loan = ClassSetLoan.objects.select_for_update().get(pk=loan.pk)
    out = Hire.objects.filter(class_set=loan, status=Hire.Status.OUT)
    # Locked in one order (by id), as lending locks them: never a deadlock with a loan or the desk.
    list(
        Instrument.objects.select_for_update(of=("self",))
        .filter(pk__in=out.values("instrument_id"))
        .order_by("pk")
    )
    hires = list(out.select_related("instrument").order_by("instrument__asset_tag"))
    if not hires:
        raise InstrumentsError("None of this class set is out: there is nothing to return.")
    if condition not in Condition.values:
        raise InstrumentsError("Choose the condition they came back in.", field="condition")
    _check_back_on(returned_on, after=max(hire.checked_out_on for hire in hires if hire.checked_out_on))
    for hire in hires:
        return_hire(
            hire=hire,
            condition=condition,
            damage_charge=Decimal(0),
            to_repair=False,
            note="",
            by=by,
            on=returned_on,
        )
    return hires


def _check_back_on(day: datetime.date, *, after: datetime.date) -> None:
    if day > timezone.localdate():
        raise InstrumentsError("The day they came back cannot be in the future.", field="returned_on")
    if day < after:
        raise InstrumentsError(
            f"The day they came back cannot be before {after:%d/%m/%Y}, when the last of them went out.",
            field="returned_on",
        )
