"""The demo hub's instrument store: about 5,000 instruments with six years of hires, repairs and condition
checks, class sets at schools, this year's and next year's hire fees, and requests waiting; written in bulk,
from one seed, once (a re-run finds instruments and adds nothing).

The demo parent and the store's sign-in get something real to act on: see demo_hires.py.
"""

import datetime
import random
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from hub.calendar import academic_start_year
from hub.dev.demo import signins
from hub.dev.demo.copy_rows import copy_rows, next_ids
from hub.dev.demo.demo_hires import DemoHires, give_demo_sign_ins_hires
from hub.dev.demo.instrument_hires import (
    CHECK_COLUMNS,
    HIRE_COLUMNS,
    REPAIR_COLUMNS,
    Family,
    History,
    class_set_kinds,
    hire_row,
    lend_class_set,
    live_history,
    send_to_repair,
)
from hub.dev.demo.instrument_stock import Stock, draw_one, draw_stock, ensure_hire_fees, tag_in_order
from hub.dev.demo.scale import Scale
from hub.models import AcademicYear, Guardian, InstrumentType, User
from instruments.models import ClassSetLoan, ConditionCheck, Hire, HireRequest, Instrument, Repair
from schools.models import Pupil, School

INSTRUMENT_COLUMNS = (
    "id", "public_id", "asset_tag", "instrument_type_id", "size", "make", "model", "serial_number",
    "condition", "purchased_on", "purchase_cost", "replacement_value", "status", "school_id", "notes",
    "created_at", "updated_at",
)  # fmt: skip


def create_instrument_store(
    *, scale: Scale, today: datetime.date, seed: int, log: Callable[[str], None] = lambda line: None
) -> dict[str, int]:
    """Every instrument record of the demo, unless the store already holds instruments; counts to print."""
    if Instrument.objects.exists():
        return {}
    rng = random.Random(f"{seed}:instruments")
    types = dict(InstrumentType.objects.filter(hireable=True).values_list("name", "pk"))
    start = academic_start_year(today)
    year = AcademicYear.objects.get(starts_on__year=start, starts_on__month=9)
    next_year = AcademicYear.objects.get(starts_on__year=start + 1, starts_on__month=9)
    fees = ensure_hire_fees(year=year, next_year=next_year, types=types)
    parent = Guardian.objects.get(user__email=signins.PARENT.email)
    families = _families(exclude_guardian=parent.pk)

    stock, sets = _draw_instruments(scale=scale, types=types, today=today, rng=rng)
    everything = stock + [item for items in sets for item in items]
    history = History(
        today=today,
        store_user_id=User.objects.get(email=signins.STORE.email).pk,
        zone=timezone.get_current_timezone(),
        rng=rng,
        next_hire_id=next_ids(Hire, 1)[0],
    )
    for item in stock:
        live_history(item, families, history)
    _set_aside(stock, history, scale=scale)
    _one_overdue_at_least(history)
    _lend_class_sets(sets, history, year=year, today=today)

    _write(everything, history)
    demo = give_demo_sign_ins_hires(
        DemoHires(
            history=history,
            stock=stock,
            families=families,
            parent=parent,
            year=year,
            waiting=scale.hire_requests,
            awaiting_agreement=scale.hires_awaiting_agreement,
            ready=scale.hires_ready_to_check_out,
        )
    )
    log(demo.summary)
    _analyse(Instrument, Hire, ConditionCheck, Repair, HireRequest, ClassSetLoan)
    out = [hire for hire in history.hires if hire.status == "out"]
    return {
        "instruments": len(everything),
        "hire fees": fees,
        "past hires": sum(hire.status == "returned" for hire in history.hires),
        "hires out": len(out) + demo.out,
        "overdue": sum(hire.due_back_on is not None and hire.due_back_on < today for hire in out),
        "class sets": len(sets),
        "repairs": len(history.repairs),
        "hire requests waiting": demo.waiting,
    }


def _draw_instruments(
    *, scale: Scale, types: dict, today: datetime.date, rng: random.Random
) -> tuple[list, list]:
    """The stock hired to families, and the class sets bought lately and lent to primary schools this year,
    tagged in the order bought, with their ids."""
    sets = []
    for name, size, size_of_set in class_set_kinds(scale.class_sets, rng):
        sets.append(
            [draw_one(name, size, types=types, today=today, rng=rng, newer=True) for _ in range(size_of_set)]
        )
    lent = sum(len(items) for items in sets)
    stock = draw_stock(count=max(scale.instruments - lent, 1), types=types, today=today, rng=rng)
    everything = stock + [item for items in sets for item in items]
    tag_in_order(everything)
    for item, pk in zip(everything, next_ids(Instrument, len(everything)), strict=True):
        item.id = pk
    return stock, sets


def _write(everything: list, history: History) -> None:
    """The instruments and their history, copied into their tables in bulk."""
    now = timezone.now()
    copy_rows(Instrument, INSTRUMENT_COLUMNS, (_instrument_row(item, history, now) for item in everything))
    copy_rows(Hire, HIRE_COLUMNS, (hire_row(hire, history.store_user_id, now) for hire in history.hires))
    _move_sequence_past(Hire, history.next_hire_id - 1)
    copy_rows(ConditionCheck, CHECK_COLUMNS, history.checks)
    copy_rows(Repair, REPAIR_COLUMNS, history.repairs)


def _families(*, exclude_guardian: int) -> list[Family]:
    """Each child with the first of their guardians (who pays) and that guardian's sign-in."""
    users = dict(Guardian.objects.values_list("pk", "user_id"))
    first: dict[int, int] = {}
    links = Pupil.guardians.through.objects.order_by("guardian_id", "pupil_id").values_list(
        "pupil_id", "guardian_id"
    )
    for pupil_id, guardian_id in links:
        first.setdefault(pupil_id, guardian_id)
    return [
        Family(pupil_id, guardian_id, users[guardian_id])
        for pupil_id, guardian_id in sorted(first.items())
        if guardian_id != exclude_guardian
    ]


def _set_aside(stock: list[Stock], history: History, *, scale: Scale) -> None:
    """Of the instruments in the store today: some away for repair, a few lost and the oldest few retired."""
    rng, today = history.rng, history.today
    idle = [
        item
        for item in stock
        if item.status == "available" and history.free_from[item.id] < today - datetime.timedelta(days=7)
    ]
    rng.shuffle(idle)
    repairs, lost = max(1, scale.instruments // 120), max(1, scale.instruments // 250)
    for item in idle[:repairs]:
        since = history.free_from[item.id]
        sent = since + datetime.timedelta(days=rng.randint(1, min(40, (today - since).days - 1)))
        send_to_repair(item, history, sent=sent, stays_open=True)
    for item in idle[repairs : repairs + lost]:
        item.status, item.notes = (
            "lost",
            f"Not found at the stock check of {today - datetime.timedelta(days=rng.randint(20, 300)):%B %Y}.",
        )
    oldest = sorted(idle[repairs + lost :], key=lambda item: item.purchased_on)[
        : max(1, scale.instruments // 200)
    ]
    for item in oldest:
        item.status, item.condition = "retired", "poor"
        item.notes = "Retired: worn out, not worth repairing."


def _one_overdue_at_least(history: History) -> None:
    """However small the hub, the store has a hire to chase: one out since long enough becomes overdue."""
    today = history.today
    out = [hire for hire in history.hires if hire.status == "out" and hire.due_back_on]
    if any(hire.due_back_on < today for hire in out):  # type: ignore[operator]
        return
    longest = min(out, key=lambda hire: hire.checked_out_on, default=None)  # type: ignore[arg-type,return-value]
    if longest and longest.checked_out_on and longest.checked_out_on < today - datetime.timedelta(days=30):
        longest.due_back_on = today - datetime.timedelta(days=14)


def _lend_class_sets(
    sets: list[list[Stock]], history: History, *, year: AcademicYear, today: datetime.date
) -> None:
    if not sets:
        return
    schools = list(
        School.objects.filter(phase="Primary")
        .exclude(status=School.Status.CLOSED)
        .order_by("urn")
        .values_list("pk", flat=True)
    )
    chosen = history.rng.sample(schools, min(len(sets), len(schools)))
    loans = ClassSetLoan.objects.bulk_create(
        [
            ClassSetLoan(
                public_id=history.uuid(),
                school_id=school_id,
                free_under_sla=history.rng.random() < 0.5,
                created_by_id=history.store_user_id,
            )
            for school_id in chosen
        ]
    )
    out = min(year.starts_on + datetime.timedelta(days=8), today - datetime.timedelta(days=1))
    for loan, items in zip(loans, sets, strict=False):
        lend_class_set(
            items, loan_id=loan.pk, school_id=loan.school_id, out=out, due=year.ends_on, history=history
        )


def _instrument_row(item: Stock, history: History, now: datetime.datetime) -> tuple:
    return (
        item.id, history.uuid(), item.tag, item.type_id, item.size, item.make, item.model, item.serial,
        item.condition, item.purchased_on, item.cost, item.replacement, item.status, item.school_id,
        item.notes, now, now,
    )  # fmt: skip


def _analyse(*models) -> None:
    """Planner statistics for the tables just filled, so that the first pages after a seed (and `make bench`)
    are planned on 20,000 hires rather than on the empty tables autovacuum last saw."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _move_sequence_past(model, last_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, max(last_id, 1)]
        )
