"""Writes to the store's stock: adding and changing an instrument. The rules here are the ones every way in
shares (the form, the CSV import): a tag in capitals, a size the type comes in, and a status that a hire or a
repair owns while it is open."""

import re

from django.db import IntegrityError, transaction

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, InstrumentFamily, InstrumentType, User
from instruments.errors import InstrumentsError
from instruments.models import Hire, Instrument, Repair
from instruments.models.inventory import ASSET_TAG_MAX_LENGTH, ASSET_TAG_PATTERN

INSTRUMENT_FIELDS = [
    "asset_tag",
    "instrument_type",
    "size",
    "make",
    "model",
    "serial_number",
    "condition",
    "purchased_on",
    "purchase_cost",
    "replacement_value",
    "status",
    "school",
    "notes",
]


def normalise_tag(typed: str) -> str:
    """A tag as it is stored: in capitals, without the spaces around it (a scanner may add one)."""
    return typed.strip().upper()


def tag_problem(tag: str) -> str | None:
    """Why a (normalised) tag cannot be an asset tag, or None."""
    if not tag:
        return "Give the asset tag."
    if len(tag) > ASSET_TAG_MAX_LENGTH:
        return f"An asset tag is at most {ASSET_TAG_MAX_LENGTH} characters; “{tag}” has {len(tag)}."
    if not re.fullmatch(ASSET_TAG_PATTERN, tag):
        return f"An asset tag is letters and digits, with “-”, “/” or “.” between them: “{tag}” is not one."
    return None


def type_problem(instrument_type: InstrumentType) -> str | None:
    if instrument_type.family == InstrumentFamily.VOICE:
        return f"{instrument_type.name} is not an instrument the store can hold."
    return None


def size_of(instrument_type: InstrumentType, typed: str) -> str:
    """The size as the type names it ("3/4"), matched whatever its case; blank for a type with one size.
    Raises InstrumentsError (about the size) for a size the type does not come in."""
    typed = " ".join(typed.split())
    sizes = instrument_type.sizes
    if not sizes:
        if typed:
            raise InstrumentsError(
                f"{instrument_type.name} comes in one size: leave the size blank.", field="size"
            )
        return ""
    listed = ", ".join(sizes)
    if not typed:
        raise InstrumentsError(f"Give the size: {instrument_type.name} comes in {listed}.", field="size")
    for size in sizes:
        if size.casefold() == typed.casefold():
            return size
    raise InstrumentsError(
        f"{instrument_type.name} does not come in size “{typed}”: choose from {listed}.", field="size"
    )


def status_owner(instrument: Instrument) -> str | None:
    """Why the instrument's status is not for a person (or a file) to set now: an open hire or repair sets
    it as it goes, or None."""
    if Hire.objects.filter(instrument=instrument, status__in=Hire.OPEN).exists():
        return (
            f"{instrument.asset_tag} is allocated or on hire: its status changes as the hire does "
            "(return it, or cancel the hire, first)."
        )
    if Repair.objects.filter(instrument=instrument, returned_on__isnull=True).exists():
        return f"{instrument.asset_tag} is away for repair: its status changes when the repair comes back."
    return None


def _check(instrument: Instrument) -> None:
    instrument.asset_tag = normalise_tag(instrument.asset_tag)
    problem = tag_problem(instrument.asset_tag)
    if problem:
        raise InstrumentsError(problem, field="asset_tag")
    problem = type_problem(instrument.instrument_type)
    if problem:
        raise InstrumentsError(problem, field="instrument_type")
    instrument.size = size_of(instrument.instrument_type, instrument.size)
    taken = Instrument.objects.filter(asset_tag=instrument.asset_tag).exclude(pk=instrument.pk)
    if taken.exists():
        raise InstrumentsError(
            f"Another instrument already has the asset tag {instrument.asset_tag}.", field="asset_tag"
        )


def _save(instrument: Instrument) -> None:
    """Save, turning the database's refusal of a tag taken at the same moment into a message."""
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError as error:
        if "asset_tag" in str(error):
            raise InstrumentsError(
                f"Another instrument already has the asset tag {instrument.asset_tag}.", field="asset_tag"
            ) from error
        raise


@transaction.atomic
def add_instrument(*, data: dict, by: User) -> Instrument:
    """A new instrument in the stock."""
    instrument = Instrument(**{name: data[name] for name in INSTRUMENT_FIELDS})
    _check(instrument)
    _save(instrument)
    record_change(
        actor=by,
        instance=instrument,
        action=AuditEvent.Action.CREATED,
        after=snapshot(instrument, INSTRUMENT_FIELDS),
    )
    return instrument


@transaction.atomic
def update_instrument(*, instrument: Instrument, data: dict, by: User) -> Instrument:
    """Change what the store knows of an instrument; its status only while no hire or repair owns it."""
    instrument = (
        Instrument.objects.select_for_update().select_related("instrument_type").get(pk=instrument.pk)
    )
    before = snapshot(instrument, INSTRUMENT_FIELDS)
    status = instrument.status
    for name in INSTRUMENT_FIELDS:
        setattr(instrument, name, data[name])
    _check(instrument)
    if instrument.status != status and (owner := status_owner(instrument)):
        raise InstrumentsError(owner, field="status")
    _save(instrument)
    after = snapshot(instrument, INSTRUMENT_FIELDS)
    record_change(actor=by, instance=instrument, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return instrument
