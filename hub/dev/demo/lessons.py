"""The demo hub's lessons: lesson types and fees, tutors' weekly slots, about 15,000 children in lessons,
the waiting list, this term's registers so far and remissions; written in bulk, from one seed.

This term's family bills are issued through the family billing run's own `bill_payer`
(hub/billing/family_run.py), not e-mailed: the demo parent's and a sample of other families' and schools'.
The rest are left for finance to bill with the run itself (it bills only what is not billed yet).
"""

import datetime
import random
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

from hub.billing import family_run, sources
from hub.billing.models import Invoice
from hub.dev.demo import signins
from hub.dev.demo.demo_lessons import ask_for_demo_family, offer_noah_a_place, seat_ella
from hub.dev.demo.enrolments import fill_slots, insert_enrolments
from hub.dev.demo.lesson_fees import ensure_lesson_types, ensure_remission_categories
from hub.dev.demo.lesson_world import World, load_world
from hub.dev.demo.registers import mark_registers
from hub.dev.demo.remission_awards import award_remissions
from hub.dev.demo.scale import Scale
from hub.dev.demo.timetable import insert_slots, plan_timetables
from hub.dev.demo.users import BATCH_SIZE
from hub.dev.demo.waiting import draw_waiting_list
from hub.models import Guardian, Term, User
from tuition.models import LessonRequest
from tuition.schedule import lesson_dates


def create_lessons(
    *, scale: Scale, today: datetime.date, seed: int, log: Callable[[str], None] = lambda line: None
) -> dict[str, int]:
    """Every lesson record of the demo; returns counts to print."""
    clock = _Clock(log)
    world = load_world(today=today)
    types = ensure_lesson_types(year=world.year, next_year=world.next_year, seed=seed)
    plans = plan_timetables(world, types, seed=seed)
    insert_slots(plans, world, types, seed=seed)
    clock.lap("slots")
    filler = fill_slots(plans, world, types, seed=seed)
    seat_ella(plans, filler)
    insert_enrolments(filler.seats, seed=seed)
    clock.lap("enrolments")
    waiting = draw_waiting_list(world, filler, types, count=scale.waiting_requests, seed=seed)
    ask_for_demo_family(world, waiting)
    LessonRequest.objects.bulk_create(waiting.requests, batch_size=BATCH_SIZE)
    offer_noah_a_place(world, plans, waiting)
    clock.lap("waiting list")
    lessons, marks = mark_registers(world, plans, filler.seats, seed=seed)
    clock.lap("registers")
    approved, pending = award_remissions(world, filler.seats, ensure_remission_categories(), seed=seed)
    log(_today_line(world, plans))
    return {
        "lesson slots": len(plans),
        "enrolments": len(filler.seats),
        "paying families": len({seat.pupil.payer_id for seat in filler.seats}),
        "waiting requests": sum(r.status == LessonRequest.Status.WAITING for r in waiting.requests),
        "lessons marked": lessons,
        "attendance marks": marks,
        "remissions approved": approved,
        "remission applications": pending,
    }


class _Clock:
    """Logs how long each part took, so a slow seed shows where."""

    def __init__(self, log: Callable[[str], None]):
        self.log, self.started = log, time.monotonic()

    def lap(self, label: str) -> None:
        now = time.monotonic()
        self.log(f"  {label}: {now - self.started:.1f} s")
        self.started = now


def _today_line(world: World, plans: list[Any]) -> str:
    """Whether the demo tutor teaches today: they have slots every day of the week, but not every day is in
    term."""
    term = Term.objects.filter(starts_on__lte=world.today, ends_on__gte=world.today).first()
    mine = [p for p in plans if p.tutor is world.demo_tutor and p.weekday == world.today.weekday()]
    if term and mine and mine[0].slot and world.today in lesson_dates(mine[0].slot, term):
        return (
            f"The demo tutor has {len(mine)} lessons today to mark (they teach every day, weekends included)."
        )
    return (
        "Today is not a teaching day (a holiday, half term or closure): the demo tutor has no lessons today."
    )


def bill_families_for_term(*, term: Term | None, today: datetime.date, seed: int, sample: int) -> int:
    """Issue this term's bills, through the family billing run's own service, to the demo parent and a
    sample of other payers (a county's ten thousand take minutes; finance runs the rest). E-mails no one.

    Returns how many bills were issued.
    """
    if term is None:
        return 0
    finance = User.objects.get(email=signins.FINANCE.email)
    parent = Guardian.objects.get(user__email=signins.PARENT.email)
    payers = sorted({charge.payer for charge in sources.charges_for(term)}, key=lambda payer: payer.key)
    demo = [payer for payer in payers if payer.guardian_id == parent.pk]
    others = [payer for payer in payers if payer.is_family and payer.guardian_id != parent.pk]
    chosen = demo + random.Random(f"{seed}:family-bills").sample(others, min(sample, len(others)))
    with transaction.atomic():
        bills = family_run.bill_payers(term=term, payers=chosen, by=finance, notify=False)
    return sum(isinstance(bill, Invoice) for bill in bills.values())
