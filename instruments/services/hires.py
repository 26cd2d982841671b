"""A hire's life at the store's counter: opened (allocated, or lent in a class set), checked out with the
instrument's condition, returned with its condition and any damage charge, to stock or to repair.

Every write here locks the instrument's row first (then the hire's): two people at two desks acting on one
instrument wait for each other, and the second sees what the first did. The database's partial unique index
(one open hire per instrument) is the last word when a check made before saving is beaten by a race.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.money import round_money
from instruments.errors import InstrumentsError
from instruments.models import Condition, ConditionCheck, Hire, Instrument, Repair

HIRE_FIELDS = [
    "status",
    "instrument",
    "pupil",
    "payer",
    "class_set",
    "due_back_on",
    "agreement_accepted_at",
    "agreed_replacement_value",
    "checked_out_on",
    "condition_out",
    "returned_on",
    "condition_in",
    "damage_charge",
]
INSTRUMENT_STATE = ["status", "condition"]
LARGEST_DAMAGE_CHARGE = Decimal("99999.99")


def lock_instrument(instrument: Instrument) -> Instrument:
    """The instrument's row, locked until the transaction ends, read afresh (with its type and school)."""
    return (
        Instrument.objects.select_for_update(of=("self",))
        .select_related("instrument_type", "school")
        .get(pk=instrument.pk)
    )


def lock_hire(hire: Hire) -> Hire:
    return (
        Hire.objects.select_for_update(of=("self",))
        .select_related("instrument__instrument_type", "pupil", "payer__user", "class_set__school")
        .get(pk=hire.pk)
    )


def holder(hire: Hire) -> str:
    """Who has (or is to have) the instrument: "Amira Khan" or "Hillside Primary School (class set)"."""
    if hire.class_set is not None:
        return f"{hire.class_set.school.name} (class set)"
    assert hire.pupil is not None  # a hire is to a child or a class set (a check constraint)
    return hire.pupil.full_name


def open_hire_of(instrument: Instrument) -> Hire | None:
    return (
        Hire.objects.filter(instrument=instrument, status__in=Hire.OPEN)
        .select_related("pupil", "class_set__school")
        .first()
    )


def why_not_lendable(instrument: Instrument) -> str | None:
    """Why a (locked) instrument cannot be allocated or lent now, naming its tag; None if it can."""
    tag = instrument.asset_tag
    taken = open_hire_of(instrument)
    if taken is not None:
        state = "on hire to" if taken.status == Hire.Status.OUT else "already allocated to"
        return f"{tag} is {state} {holder(taken)}."
    if instrument.status == Instrument.Status.IN_REPAIR:
        return f"{tag} is away for repair."
    if instrument.status != Instrument.Status.AVAILABLE:
        return f"{tag} is {instrument.get_status_display().lower()}: it cannot be lent."
    return None


def open_hire(hire: Hire) -> Hire:
    """Save a new hire; the database refusing a second open hire of its instrument becomes a message."""
    try:
        with transaction.atomic():
            hire.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
        if constraint == "one_open_hire_per_instrument":
            raise InstrumentsError(
                f"{hire.instrument.asset_tag} was allocated or lent to someone else a moment ago.",
                field="instrument",
            ) from error
        if constraint == "one_open_hire_per_request":
            raise InstrumentsError("This request had an instrument allocated a moment ago.") from error
        raise
    record_change(
        actor=hire.allocated_by,
        instance=hire,
        action=AuditEvent.Action.CREATED,
        after=snapshot(hire, HIRE_FIELDS),
    )
    return hire


def moment(on: datetime.date) -> datetime.datetime:
    """When a check made on a day happened: now for today, midday for a day recorded afterwards."""
    if on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))


def set_instrument_state(instrument: Instrument, *, by: User | None, **changes) -> None:
    """Change a (locked) instrument's status or condition, with its line in the audit trail."""
    before = snapshot(instrument, INSTRUMENT_STATE)
    for name, value in changes.items():
        setattr(instrument, name, value)
    instrument.save(update_fields=[*changes, "updated_at"])
    after = snapshot(instrument, INSTRUMENT_STATE)
    record_change(actor=by, instance=instrument, action=AuditEvent.Action.UPDATED, before=before, after=after)


def record_check(
    instrument: Instrument, *, grade: str, on: datetime.date, by: User | None, note: str = "", hire=None
) -> ConditionCheck:
    return ConditionCheck.objects.create(
        instrument=instrument, checked_at=moment(on), checked_by=by, grade=grade, note=note, hire=hire
    )


def _check_day(on: datetime.date, *, after: datetime.date | None, what: str, field: str) -> None:
    if on > timezone.localdate():
        raise InstrumentsError(f"The day it {what} cannot be in the future.", field=field)
    if after is not None and on < after:
        raise InstrumentsError(f"The day it {what} cannot be before {after:%d/%m/%Y}.", field=field)


def _check_grade(condition: str) -> None:
    if condition not in Condition.values:
        raise InstrumentsError("Choose the instrument's condition.", field="condition")


@transaction.atomic
def check_out(*, hire: Hire, condition: str, on: datetime.date, by: User) -> Hire:
    """The instrument leaves the store on its hire, in the condition recorded: it is on hire from now."""
    instrument = lock_instrument(hire.instrument)
    hire = lock_hire(hire)
    tag = instrument.asset_tag
    if hire.status == Hire.Status.OUT:
        raise InstrumentsError(
            f"{tag} was already checked out to {holder(hire)} on {hire.checked_out_on:%d/%m/%Y}."
        )
    if not hire.is_open:
        raise InstrumentsError(
            f"This hire of {tag} is {hire.get_status_display().lower()}: it cannot go out."
        )
    if hire.class_set_id is None and hire.status != Hire.Status.AGREEMENT_ACCEPTED:
        assert hire.pupil is not None and hire.payer is not None
        raise InstrumentsError(
            f"{tag} cannot go out yet: {hire.payer.user.get_full_name() or 'the family'} has not accepted "
            f"the hire agreement for {hire.pupil.first_name}. They accept it in the portal, from the "
            "e-mailed link."
        )
    if instrument.status == Instrument.Status.IN_REPAIR:
        raise InstrumentsError(f"{tag} is away for repair: finish the repair before it goes out.")
    if instrument.status != Instrument.Status.AVAILABLE:
        raise InstrumentsError(f"{tag} is {instrument.get_status_display().lower()}: it cannot go out.")
    _check_grade(condition)
    _check_day(on, after=timezone.localtime(hire.allocated_at).date(), what="went out", field="on")
    before = snapshot(hire, HIRE_FIELDS)
    hire.status, hire.checked_out_on, hire.checked_out_by, hire.condition_out = (
        Hire.Status.OUT,
        on,
        by,
        condition,
    )
    hire.save(update_fields=["status", "checked_out_on", "checked_out_by", "condition_out", "updated_at"])
    record_change(
        actor=by,
        instance=hire,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(hire, HIRE_FIELDS),
    )
    record_check(instrument, grade=condition, on=on, by=by, note="Checked out", hire=hire)
    set_instrument_state(instrument, by=by, status=Instrument.Status.ON_HIRE, condition=condition)
    return hire


@transaction.atomic
def return_hire(
    *,
    hire: Hire,
    condition: str,
    damage_charge: Decimal,
    to_repair: bool,
    note: str,
    by: User,
    repairer: str = "",
    on: datetime.date | None = None,
) -> Hire:
    """The instrument comes back: its condition checked, any damage charged, and it goes back to stock, or
    (with the note as the fault) away for repair."""
    instrument = lock_instrument(hire.instrument)
    hire = lock_hire(hire)
    on = on or timezone.localdate()
    note, repairer = note.strip(), " ".join(repairer.split())
    _check_return(hire, instrument.asset_tag, condition, damage_charge, to_repair, note, repairer, on)
    before = snapshot(hire, HIRE_FIELDS)
    hire.status, hire.returned_on, hire.returned_to = Hire.Status.RETURNED, on, by
    hire.condition_in, hire.damage_charge = condition, round_money(damage_charge)
    if note:
        hire.note = f"{hire.note}\n{note}".strip()
    hire.save(
        update_fields=[
            "status",
            "returned_on",
            "returned_to",
            "condition_in",
            "damage_charge",
            "note",
            "updated_at",
        ]
    )
    record_change(
        actor=by,
        instance=hire,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(hire, HIRE_FIELDS),
    )
    record_check(instrument, grade=condition, on=on, by=by, note=note or "Returned", hire=hire)
    if to_repair:
        set_instrument_state(instrument, by=by, condition=condition)
        open_repair(instrument, fault=note, repairer=repairer, on=on, by=by, hire=hire)
    else:
        set_instrument_state(instrument, by=by, status=Instrument.Status.AVAILABLE, condition=condition)
    return hire


def _check_return(
    hire: Hire,
    tag: str,
    condition: str,
    damage_charge: Decimal,
    to_repair: bool,
    note: str,
    repairer: str,
    on: datetime.date,
) -> None:
    """Why the (locked) hire cannot come back as described, if it cannot."""
    if hire.status == Hire.Status.RETURNED:
        raise InstrumentsError(f"{tag} was already returned on {hire.returned_on:%d/%m/%Y}.")
    if hire.status != Hire.Status.OUT:
        raise InstrumentsError(f"{tag} has not been checked out on this hire, so it cannot come back.")
    _check_grade(condition)
    if damage_charge is None or damage_charge < 0:
        raise InstrumentsError("A damage charge cannot be negative.", field="damage_charge")
    if damage_charge > LARGEST_DAMAGE_CHARGE:
        raise InstrumentsError(
            f"A damage charge is at most £{LARGEST_DAMAGE_CHARGE:,}.", field="damage_charge"
        )
    if to_repair and not note:
        raise InstrumentsError("Say what is wrong with it, for the repairer.", field="note")
    if to_repair and not repairer:
        raise InstrumentsError("Give the repairer it is going to.", field="repairer")
    _check_day(on, after=hire.checked_out_on, what="came back", field="on")


def open_repair(
    instrument: Instrument,
    *,
    fault: str,
    repairer: str,
    on: datetime.date,
    by: User,
    hire: Hire | None = None,
) -> Repair:
    """Send a (locked) instrument away: the repair log's new line, and the instrument in repair."""
    try:
        with transaction.atomic():
            repair = Repair.objects.create(
                instrument=instrument, fault=fault, repairer=repairer, sent_on=on, hire=hire, sent_by=by
            )
    except IntegrityError as error:
        raise InstrumentsError(f"{instrument.asset_tag} is already away for repair.") from error
    record_change(
        actor=by,
        instance=repair,
        action=AuditEvent.Action.CREATED,
        after=snapshot(repair, ["instrument", "fault", "repairer", "sent_on", "hire"]),
    )
    set_instrument_state(instrument, by=by, status=Instrument.Status.IN_REPAIR)
    return repair
