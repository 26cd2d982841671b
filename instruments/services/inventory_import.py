"""Importing the inventory from a CSV file (its page, and `manage.py import_instruments`): instruments
upserted by asset tag, all of the file or, when any row has a problem, none of it, each problem reported."""

import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from hub.audit import record_created, record_updated, snapshot
from hub.models import User
from instruments import inventory_csv
from instruments.errors import InstrumentsError
from instruments.inventory_csv import InventoryRow, RowError
from instruments.models import Hire, Instrument, Repair

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Two imports of the same tags at once would both try to create them; they queue on this advisory lock.
IMPORT_LOCK_KEY = 0x6_1A5_0009
IMPORTED_FIELDS = list(inventory_csv.FIELDS.values())


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    rows: int
    created: int
    updated: int
    unchanged: int


class ImportRefused(InstrumentsError):
    """A file with problems in its rows: each problem, and nothing imported."""

    def __init__(self, errors: list[RowError]):
        rows = len({error.row for error in errors})
        super().__init__(
            f"{rows} row{'' if rows == 1 else 's'} of the file {'has' if rows == 1 else 'have'} a problem, "
            "so nothing was imported. Put them right and import the file again.",
            field="file",
        )
        order = {column: index for index, column in enumerate(("", *inventory_csv.COLUMNS))}
        self.errors = sorted(errors, key=lambda error: (error.row, order[error.column]))


@transaction.atomic
def import_instruments(*, data: bytes, by: User | None) -> ImportReport:
    """Upsert the file's instruments by asset tag: every row, or, if any row has a problem, none."""
    rows, errors = inventory_csv.read_inventory(data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    tags = [row.values["asset_tag"] for row in rows]
    existing = Instrument.objects.select_for_update(of=("self",)).select_related("instrument_type", "school")
    known = existing.in_bulk(tags, field_name="asset_tag")
    errors += _statuses_owned(rows, known)
    if errors:
        raise ImportRefused(errors)
    created, changed, unchanged = _upsert(rows, known)
    record_created(actor=by, created=[(item, snapshot(item, IMPORTED_FIELDS)) for item in created])
    record_updated(actor=by, changed=changed)
    report = ImportReport(rows=len(rows), created=len(created), updated=len(changed), unchanged=unchanged)
    logger.info("Inventory import by %s: %s", by or "a command", report)
    return report


def _statuses_owned(rows: list[InventoryRow], known: dict[str, Instrument]) -> list[RowError]:
    """A row that changes the status of an instrument on an open hire or repair: those own its status."""
    moved = {
        known[row.values["asset_tag"]].pk: row
        for row in rows
        if row.values["asset_tag"] in known and known[row.values["asset_tag"]].status != row.values["status"]
    }
    if not moved:
        return []
    hired = set(
        Hire.objects.filter(instrument__in=moved, status__in=Hire.OPEN).values_list("instrument", flat=True)
    )
    repaired = set(
        Repair.objects.filter(instrument__in=moved, returned_on__isnull=True).values_list(
            "instrument", flat=True
        )
    )
    errors = []
    for pk, row in moved.items():
        tag = row.values["asset_tag"]
        if pk in hired:
            reason = f"{tag} is allocated or on hire: its status changes as the hire does."
        elif pk in repaired:
            reason = f"{tag} is away for repair: its status changes when the repair comes back."
        else:
            continue
        errors.append(RowError(row.row, "status", row.values["status"], reason))
    return errors


def _upsert(
    rows: list[InventoryRow], known: dict[str, Instrument]
) -> tuple[list[Instrument], list[tuple[Instrument, dict, dict]], int]:
    """Create the new instruments and change those that differ: (created, changed with before and after,
    how many were unchanged)."""
    to_create, changed, unchanged = [], [], 0
    now = timezone.now()
    for row in rows:
        instrument = known.get(row.values["asset_tag"])
        if instrument is None:
            to_create.append(Instrument(**row.values))
            continue
        if all(getattr(instrument, name) == value for name, value in row.values.items()):
            unchanged += 1
            continue
        before = snapshot(instrument, IMPORTED_FIELDS)
        for name, value in row.values.items():
            setattr(instrument, name, value)
        after = snapshot(instrument, IMPORTED_FIELDS)
        instrument.updated_at = now  # bulk_update leaves auto_now alone
        changed.append((instrument, before, after))
    created = Instrument.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Instrument.objects.bulk_update(
        [item for item, _, _ in changed], [*IMPORTED_FIELDS, "updated_at"], batch_size=BATCH_SIZE
    )
    return created, changed, unchanged
