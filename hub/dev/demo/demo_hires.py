"""Hires the demo sign-ins act on, made one by one so that the database's constraints check each:

- the demo parent: Ella has a 3/4 violin allocated, waiting for the parent to accept the hire agreement;
  Noah has a clarinet out on hire since the start of the year, due back at its end;
- the instrument store: requests waiting to be allocated; hires allocated and waiting for their agreement;
  hires with the agreement accepted, ready to check out at the scanner desk (the first one's tag is printed);
  and, from the history, overdue hires and instruments away for repair.
"""

import datetime
from dataclasses import dataclass

from hub.dev.demo.instrument_hires import Family, History
from hub.dev.demo.instrument_stock import SIZE_WEIGHTS, STOCK, Stock, hireable_types
from hub.models import AcademicYear, Guardian, InstrumentType
from instruments.models import ConditionCheck, Hire, HireRequest, Instrument

ELLA_INSTRUMENT = ("Violin", "3/4")
NOAH_INSTRUMENT = ("Clarinet", "")
ALLOCATED_DAYS_AGO = 2


@dataclass
class DemoHires:
    history: History
    stock: list[Stock]
    families: list[Family]
    parent: Guardian
    year: AcademicYear
    waiting: int
    awaiting_agreement: int
    ready: int


@dataclass
class Made:
    summary: str
    out: int  # hires checked out here (Noah's)
    waiting: int


def give_demo_sign_ins_hires(plan: DemoHires) -> Made:
    history, today = plan.history, plan.history.today
    types = dict(InstrumentType.objects.filter(hireable=True).values_list("name", "pk"))
    allocated_on = today - datetime.timedelta(days=ALLOCATED_DAYS_AGO)
    taken: set[int] = set()

    def free(name: str, size: str, since: datetime.date) -> Stock:
        """An instrument of the type and size in the store, free since before the day."""
        fitting = [
            item
            for item in plan.stock
            if item.type_name == name
            and item.size == size
            and item.status == "available"
            and item.id not in taken
            and history.free_from[item.id] < since
        ]
        fitting = fitting or [
            item
            for item in plan.stock
            if item.status == "available" and item.id not in taken and history.free_from[item.id] < since
        ]
        item = history.rng.choice(fitting)
        taken.add(item.id)
        return item

    _give_the_parent_hires(plan, free, types, allocated_on)
    ready_tags, waiting = _give_the_store_hires(plan, free, types, allocated_on)
    summary = "The instrument store's scanner desk has hires ready to check out"
    summary += f": scan {', '.join(ready_tags)}." if ready_tags else " (none at this scale)."
    return Made(summary=summary, out=1, waiting=waiting)


def _give_the_parent_hires(plan: DemoHires, free, types: dict[str, int], allocated_on: datetime.date) -> None:
    """Ella's violin allocated, its agreement for the parent to accept; Noah's clarinet out since autumn."""
    history, today = plan.history, plan.history.today
    ella, noah = sorted(plan.parent.children.all(), key=lambda child: child.date_of_birth, reverse=True)
    parent_user = plan.parent.user_id
    _allocate(
        plan,
        ella.pk,
        plan.parent.pk,
        free(*ELLA_INSTRUMENT, allocated_on),
        types,
        ELLA_INSTRUMENT,
        allocated_on,
    )
    out_on = min(plan.year.starts_on + datetime.timedelta(days=6), today - datetime.timedelta(days=1))
    clarinet = free(*NOAH_INSTRUMENT, out_on - datetime.timedelta(days=14))
    noah_hire = _allocate(
        plan, noah.pk, plan.parent.pk, clarinet, types, NOAH_INSTRUMENT, out_on - datetime.timedelta(days=10)
    )
    _accept(noah_hire, clarinet, parent_user, history, out_on - datetime.timedelta(days=8))
    _check_out(noah_hire, clarinet, history, out_on, due=plan.year.ends_on)


def _give_the_store_hires(
    plan: DemoHires, free, types: dict[str, int], allocated_on: datetime.date
) -> tuple[list[str], int]:
    """The store's desk: hires waiting for their agreement, some ready to go out today, and requests to
    allocate. The tags ready to check out, and how many requests wait."""
    history, today = plan.history, plan.history.today
    rng = history.rng
    children = rng.sample(
        plan.families, min(len(plan.families), plan.waiting + plan.awaiting_agreement + plan.ready)
    )
    ready_tags = []
    for index, family in enumerate(children[: plan.awaiting_agreement + plan.ready]):
        name, size = _wanted(rng)
        item = free(name, size, allocated_on - datetime.timedelta(days=3))
        hire = _allocate(
            plan,
            family.pupil_id,
            family.guardian_id,
            item,
            types,
            (name, size),
            allocated_on - datetime.timedelta(days=3),
        )
        if index >= plan.awaiting_agreement:
            _accept(hire, item, family.user_id, history, allocated_on)
            ready_tags.append(item.tag)
    waiting = []
    for family in children[plan.awaiting_agreement + plan.ready :]:
        name, size = _wanted(rng)
        waiting.append(
            HireRequest(
                public_id=history.uuid(),
                pupil_id=family.pupil_id,
                requested_by_id=family.guardian_id,
                instrument_type_id=types[name],
                size=size,
                requested_at=history.at(
                    today - datetime.timedelta(days=rng.randint(1, 75)), rng.randint(8, 21), rng.randrange(60)
                ),
            )
        )
    HireRequest.objects.bulk_create(waiting)
    return ready_tags, len(waiting)


def _wanted(rng) -> tuple[str, str]:
    names = [name for name in hireable_types() if name not in ("Ukulele",)]
    name = rng.choices(names, weights=[STOCK[name][0] for name in names])[0]
    weights = SIZE_WEIGHTS.get(name)
    size = rng.choices(list(weights), weights=list(weights.values()))[0] if weights else ""
    return name, size


def _allocate(
    plan: DemoHires, pupil_id: int, guardian_id: int, item: Stock, types, wanted, day: datetime.date
) -> Hire:
    history = plan.history
    name, size = wanted
    allocated_at = history.at(day, 11, 15)
    request = HireRequest.objects.create(
        public_id=history.uuid(),
        pupil_id=pupil_id,
        requested_by_id=guardian_id,
        instrument_type_id=types[name],
        size=size,
        status=HireRequest.Status.ALLOCATED,
        requested_at=allocated_at - datetime.timedelta(days=12, hours=3),
        closed_at=allocated_at,
    )
    return Hire.objects.create(
        public_id=history.uuid(),
        instrument_id=item.id,
        pupil_id=pupil_id,
        payer_id=guardian_id,
        request=request,
        status=Hire.Status.ALLOCATED,
        allocated_at=allocated_at,
        allocated_by_id=history.store_user_id,
    )


def _accept(hire: Hire, item: Stock, user_id: int, history: History, day: datetime.date) -> None:
    hire.status = Hire.Status.AGREEMENT_ACCEPTED
    hire.agreement_accepted_at = history.at(day, 19, 40)
    hire.agreement_accepted_by_id = user_id
    hire.agreed_replacement_value = item.replacement
    hire.save()


def _check_out(hire: Hire, item: Stock, history: History, day: datetime.date, *, due: datetime.date) -> None:
    hire.status, hire.checked_out_on, hire.checked_out_by_id = Hire.Status.OUT, day, history.store_user_id
    hire.condition_out, hire.due_back_on = item.condition, due
    hire.save()
    Instrument.objects.filter(pk=item.id).update(status=Instrument.Status.ON_HIRE)
    item.status = "on_hire"
    ConditionCheck.objects.create(
        instrument_id=item.id,
        checked_at=history.at(day, 16),
        checked_by_id=history.store_user_id,
        grade=item.condition,
        hire=hire,
    )
