"""The repair log: an instrument sent away with its fault, and back (with the cost) to stock."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.money import round_money
from instruments.errors import InstrumentsError
from instruments.models import Condition, Hire, Instrument, Repair
from instruments.services.hires import lock_instrument, open_repair, record_check, set_instrument_state

REPAIR_FIELDS = ["fault", "repairer", "cost", "sent_on", "returned_on", "note"]
LARGEST_COST = Decimal("99999.99")


@transaction.atomic
def send_to_repair(
    *, instrument: Instrument, fault: str, repairer: str, by: User, on: datetime.date | None = None
) -> Repair:
    """Send an instrument in the store away for repair; one on hire must come back first."""
    instrument = lock_instrument(instrument)
    tag, on = instrument.asset_tag, on or timezone.localdate()
    fault, repairer = fault.strip(), " ".join(repairer.split())
    if instrument.status == Instrument.Status.IN_REPAIR:
        raise InstrumentsError(f"{tag} is already away for repair.")
    out = Hire.objects.filter(instrument=instrument, status=Hire.Status.OUT).exists()
    if out or instrument.status == Instrument.Status.ON_HIRE:
        raise InstrumentsError(f"{tag} is on hire: return it first, and send it to repair from the return.")
    if instrument.status != Instrument.Status.AVAILABLE:
        raise InstrumentsError(
            f"{tag} is {instrument.get_status_display().lower()}: it cannot go for repair."
        )
    if not fault:
        raise InstrumentsError("Say what is wrong with it, for the repairer.", field="fault")
    if not repairer:
        raise InstrumentsError("Give the repairer it is going to.", field="repairer")
    if on > timezone.localdate():
        raise InstrumentsError("The day it went for repair cannot be in the future.", field="sent_on")
    return open_repair(instrument, fault=fault, repairer=repairer, on=on, by=by)


@transaction.atomic
def finish_repair(
    *,
    repair: Repair,
    cost: Decimal | None,
    returned_on: datetime.date,
    by: User,
    condition: str = "",
    note: str = "",
) -> Repair:
    """The instrument is back from the repairer: the cost logged, its condition checked, and back in stock."""
    instrument = lock_instrument(repair.instrument)
    repair = Repair.objects.select_for_update().get(pk=repair.pk)
    tag = instrument.asset_tag
    if not repair.is_open:
        raise InstrumentsError(f"{tag} came back from this repair on {repair.returned_on:%d/%m/%Y}.")
    if cost is not None and cost < 0:
        raise InstrumentsError("A repair's cost cannot be negative.", field="cost")
    if cost is not None and cost > LARGEST_COST:
        raise InstrumentsError(f"A repair's cost is at most £{LARGEST_COST:,}.", field="cost")
    if returned_on > timezone.localdate():
        raise InstrumentsError("The day it came back cannot be in the future.", field="returned_on")
    if returned_on < repair.sent_on:
        raise InstrumentsError(
            f"It went for repair on {repair.sent_on:%d/%m/%Y}: it cannot come back before.",
            field="returned_on",
        )
    if condition and condition not in Condition.values:
        raise InstrumentsError("Choose the instrument's condition.", field="condition")
    before = snapshot(repair, REPAIR_FIELDS)
    repair.cost, repair.returned_on = (None if cost is None else round_money(cost)), returned_on
    if note.strip():
        repair.note = f"{repair.note}\n{note.strip()}".strip()
    repair.save(update_fields=["cost", "returned_on", "note"])
    record_change(
        actor=by,
        instance=repair,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(repair, REPAIR_FIELDS),
    )
    changes: dict = {"status": Instrument.Status.AVAILABLE}
    if condition:
        record_check(instrument, grade=condition, on=returned_on, by=by, note="Back from repair")
        changes["condition"] = condition
    set_instrument_state(instrument, by=by, **changes)
    return repair
