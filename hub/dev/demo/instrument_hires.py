"""The store's last six years, drawn per instrument: hires one after another (out, worn a little, back),
a repair when one comes back poor, and where each instrument is today (on hire, perhaps overdue, in the store,
away for repair, retired or lost); class sets lent to schools this year; and the requests waiting.

The thousands of rows are written with COPY (copy_rows.py); the few the demo sign-ins act on are made
one by one in demo_hires.py, so that the database's own constraints check them.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from hub.dev.demo.instrument_stock import CLASS_SET_KINDS, Stock
from hub.money import round_money

HISTORY_YEARS = 6
OVERDUE_SHARE = 0.06  # of hires due back in the last four months, left unreturned
OVERDUE_WINDOW = 120
SURPRISE_REPAIR = 0.004  # a hire that comes back fair but with a fault all the same
POOR_REPAIRED = 0.1  # a poor grade is lent on as it is, mostly, until a repair is worth it
GRADES = ["new", "excellent", "good", "fair", "poor", "unusable"]
FAULTS = {
    "strings": [
        "Cracked top; seam open on the lower bout",
        "Bridge warped and soundpost down",
        "Pegs slipping",
    ],
    "woodwind": ["Pads leaking on the lower joint", "Bent key; tenon cork worn", "Sticking keys"],
    "brass": ["Stuck slide; dent in the bell", "Valves seized", "Water key spring broken"],
    "other": ["Broken string and cracked nut", "Power socket loose", "Damaged case and tuning problems"],
}
FAMILY_OF = {
    "Violin": "strings",
    "Viola": "strings",
    "Cello": "strings",
    "Double bass": "strings",
    "Flute": "woodwind",
    "Clarinet": "woodwind",
    "Oboe": "woodwind",
    "Bassoon": "woodwind",
    "Alto saxophone": "woodwind",
    "Tenor saxophone": "woodwind",
    "Trumpet": "brass",
    "Cornet": "brass",
    "Trombone": "brass",
    "Tenor horn": "brass",
    "Baritone": "brass",
    "Euphonium": "brass",
    "French horn": "brass",
    "Tuba": "brass",
}
REPAIRERS = [
    "Northshire Strings Workshop",
    "Band Supplies Repairs",
    "Windcraft Ltd",
    "Hub workshop (in house)",
]


@dataclass(slots=True)
class Family:
    pupil_id: int
    guardian_id: int
    user_id: int


@dataclass(slots=True)
class HireRow:
    id: int
    instrument_id: int
    status: str
    allocated_at: datetime.datetime
    public_id: uuid.UUID
    pupil_id: int | None = None
    payer_id: int | None = None
    class_set_id: int | None = None
    agreement_accepted_at: datetime.datetime | None = None
    agreement_accepted_by_id: int | None = None
    agreed_replacement_value: Decimal | None = None
    checked_out_on: datetime.date | None = None
    condition_out: str = ""
    due_back_on: datetime.date | None = None
    returned_on: datetime.date | None = None
    condition_in: str = ""
    damage_charge: Decimal = Decimal("0.00")


HIRE_COLUMNS = (
    "id", "public_id", "instrument_id", "pupil_id", "payer_id", "class_set_id", "status", "allocated_at",
    "allocated_by_id", "agreement_accepted_at", "agreement_accepted_by_id", "agreed_replacement_value",
    "checked_out_on", "checked_out_by_id", "condition_out", "due_back_on", "returned_on", "returned_to_id",
    "condition_in", "damage_charge", "note", "created_at", "updated_at",
)  # fmt: skip
CHECK_COLUMNS = ("instrument_id", "checked_at", "checked_by_id", "grade", "note", "hire_id")
REPAIR_COLUMNS = (
    "public_id", "instrument_id", "fault", "repairer", "cost", "sent_on", "returned_on", "note", "hire_id",
    "sent_by_id", "created_at",
)  # fmt: skip


@dataclass
class History:
    """Rows to write, in the order of the COPY columns above."""

    today: datetime.date
    store_user_id: int
    zone: datetime.tzinfo
    rng: random.Random
    next_hire_id: int
    hires: list[HireRow] = field(default_factory=list)
    checks: list[tuple] = field(default_factory=list)
    repairs: list[tuple] = field(default_factory=list)
    # The day each instrument is free from: its last hire or repair ended.
    free_from: dict[int, datetime.date] = field(default_factory=dict)

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)

    def take_hire_id(self) -> int:
        """Ids counted up from the table's sequence, which is moved past them once they are written."""
        self.next_hire_id += 1
        return self.next_hire_id - 1

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def check(
        self, item: Stock, moment: datetime.datetime, grade: str, hire: HireRow | None, note=""
    ) -> None:
        self.checks.append((item.id, moment, self.store_user_id, grade, note, hire.id if hire else None))

    def hire_out(self, item: Stock, family: Family, out: datetime.date, due: datetime.date) -> HireRow:
        """A family's hire of the instrument, checked out on the day with the agreement accepted before."""
        rng = self.rng
        allocated = self.at(
            out - datetime.timedelta(days=rng.randint(3, 20)), rng.randint(9, 16), 5 * rng.randrange(12)
        )
        accepted = allocated + datetime.timedelta(hours=rng.randint(2, 60))
        hire = HireRow(
            id=self.take_hire_id(),
            public_id=self.uuid(),
            instrument_id=item.id,
            status="out",
            allocated_at=allocated,
            pupil_id=family.pupil_id,
            payer_id=family.guardian_id,
            agreement_accepted_at=accepted,
            agreement_accepted_by_id=family.user_id,
            agreed_replacement_value=item.replacement,
            checked_out_on=max(out, accepted.date()),
            condition_out=item.condition,
            due_back_on=due,
        )
        self.hires.append(hire)
        self.check(item, self.at(hire.checked_out_on, 16, 30), item.condition, hire)
        return hire


def live_history(item: Stock, families: list[Family], history: History) -> None:
    """An instrument's hires from when it was bought (or six years ago) to today; leaves its status."""
    rng, today = history.rng, history.today
    window = today - datetime.timedelta(days=365 * HISTORY_YEARS)
    if item.purchased_on >= window:
        start, item.condition = item.purchased_on, "new"
    else:
        start, item.condition = window, rng.choices(["excellent", "good", "fair"], weights=[3, 6, 2])[0]
    day = _weekday(start + datetime.timedelta(days=rng.randint(3, 120)))
    history.free_from[item.id] = start
    while day < today:
        due = day + datetime.timedelta(days=rng.randint(60, 230))
        hire = history.hire_out(item, rng.choice(families), day, due)
        if due >= today or (today - due).days < OVERDUE_WINDOW and rng.random() < OVERDUE_SHARE:
            item.status = "on_hire"  # still out: due back later, or overdue
            return
        returned = max(
            min(due + datetime.timedelta(days=rng.randint(-25, 10)), today - datetime.timedelta(days=1)),
            hire.checked_out_on,
        )  # type: ignore[type-var]
        item.condition = _worn(item.condition, rng)
        hire.status, hire.returned_on, hire.condition_in = "returned", returned, item.condition
        history.check(item, history.at(returned, 15, 10), item.condition, hire)
        history.free_from[item.id] = returned
        if item.condition == "unusable" and (today - item.purchased_on).days > 10 * 365:
            item.status, item.notes = "retired", f"Retired {returned:%B %Y}: beyond economic repair."
            return
        needs_repair = (
            item.condition == "unusable" or item.condition == "poor" and rng.random() < POOR_REPAIRED
        )
        if needs_repair or rng.random() < SURPRISE_REPAIR:
            if item.condition == "unusable":
                hire.damage_charge = round_money(item.replacement * Decimal("0.15"))
            back = send_to_repair(
                item, history, sent=returned + datetime.timedelta(days=rng.randint(1, 7)), hire=hire
            )
            if back is None:
                return
            day = back + datetime.timedelta(days=rng.randint(3, 60))
        else:
            day = returned + datetime.timedelta(days=int(rng.expovariate(1 / 130)) + 5)
        day = _weekday(day)


def send_to_repair(
    item: Stock,
    history: History,
    *,
    sent: datetime.date,
    hire: HireRow | None = None,
    stays_open: bool = False,
) -> datetime.date | None:
    """A repair of the instrument sent on the day: back (and graded good) if that is before today, when the
    day it came back is returned; or still away (status in repair), and None."""
    rng = history.rng
    back: datetime.date | None = sent + datetime.timedelta(days=rng.randint(10, 45))
    if stays_open or back >= history.today:  # type: ignore[operator]
        back, item.status = None, "in_repair"
    fault = rng.choice(FAULTS[FAMILY_OF.get(item.type_name, "other")])
    cost = round_money(Decimal(rng.uniform(0.05, 0.3)) * item.cost) if back else None
    history.repairs.append((
        history.uuid(), item.id, fault, rng.choice(REPAIRERS), cost, sent, back, "",
        hire.id if hire else None, history.store_user_id, history.at(sent, 11),
    ))  # fmt: skip
    if back:
        item.condition = "good"
        history.check(item, history.at(back, 14), "good", None, note="Back from repair.")
        history.free_from[item.id] = back
    return back


def lend_class_set(
    items: list[Stock],
    *,
    loan_id: int,
    school_id: int,
    out: datetime.date,
    due: datetime.date,
    history: History,
) -> None:
    """Each instrument of a class set, out to the school since the start of the year."""
    for item in items:
        item.status, item.school_id, item.condition = "on_hire", school_id, "excellent"
        hire = HireRow(
            id=history.take_hire_id(),
            public_id=history.uuid(),
            instrument_id=item.id,
            status="out",
            allocated_at=history.at(out - datetime.timedelta(days=10), 10),
            class_set_id=loan_id,
            checked_out_on=out,
            condition_out=item.condition,
            due_back_on=due,
        )
        history.hires.append(hire)
        history.check(item, history.at(out, 9), item.condition, hire)


def class_set_kinds(count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    return [rng.choice(CLASS_SET_KINDS) for _ in range(count)]


def hire_row(hire: HireRow, store_user_id: int, now: datetime.datetime) -> tuple:
    out_by = store_user_id if hire.checked_out_on else None
    back_to = store_user_id if hire.returned_on else None
    return (
        hire.id, hire.public_id, hire.instrument_id, hire.pupil_id, hire.payer_id, hire.class_set_id,
        hire.status, hire.allocated_at, store_user_id, hire.agreement_accepted_at,
        hire.agreement_accepted_by_id, hire.agreed_replacement_value, hire.checked_out_on, out_by,
        hire.condition_out, hire.due_back_on, hire.returned_on, back_to, hire.condition_in,
        hire.damage_charge, "", now, now,
    )  # fmt: skip


def _worn(grade: str, rng: random.Random) -> str:
    """A hire's wear: mostly none or one grade; now and then two."""
    steps = rng.choices([0, 1, 2], weights=[80, 19, 1])[0]
    if grade == "new":
        steps = max(steps, 1)
    return GRADES[min(GRADES.index(grade) + steps, len(GRADES) - 1)]


def _weekday(day: datetime.date) -> datetime.date:
    """The store opens Monday to Friday."""
    return day + datetime.timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day
