"""Remissions for this year's children in lessons: about one in seven holds an approved award, most for free
school meals or pupil premium, and a few families' applications wait for a decision."""

import datetime
import random

from hub.billing.models import RemissionCategory
from hub.dev.demo.enrolments import Seat
from hub.dev.demo.lesson_world import PupilRow, World, public_id
from hub.dev.demo.users import BATCH_SIZE
from schools.models import RemissionAward

Reason = RemissionCategory.Reason
APPROVED, PENDING = RemissionAward.Status.APPROVED, RemissionAward.Status.PENDING
# For each kind of child: (reason, share approved, share pending) drawn in turn.
LOOKED_AFTER = ((Reason.LOOKED_AFTER, 0.9, 0.1),)
FSM_OR_PP = ((Reason.FSM_PUPIL_PREMIUM, 0.5, 0.04),)
OTHERS = ((Reason.LOW_INCOME, 0.035, 0.012), (Reason.DISCRETIONARY, 0.006, 0.003))
EVIDENCE = {
    Reason.FSM_PUPIL_PREMIUM: (
        "Letter from the school, September",
        "Free school meals award from the council",
    ),
    Reason.LOOKED_AFTER: ("Letter from the virtual school head", "E-mail from the child's social worker"),
    Reason.LOW_INCOME: ("Universal Credit statement", "Tax credit award notice"),
    Reason.DISCRETIONARY: ("Note from the family about a change of circumstances",),
}


def award_remissions(
    world: World, seats: list[Seat], categories: dict[str, RemissionCategory], *, seed: int
) -> tuple[int, int]:
    """Awards for the children in lessons (and the demo family's); returns how many approved and pending."""
    rng = random.Random(f"{seed}:lessons:remissions")
    deciders = list(world.staff_user_ids.values())
    awards = []
    children = sorted({seat.pupil.id for seat in seats} - {world.demo.ella.id, world.demo.noah.id})
    for pupil_id in children:
        pupil = world.pupils[pupil_id]
        reason, status = _draw(rng, pupil)
        if reason:
            awards.append(_award(world, pupil, categories[reason], status, rng, deciders))
    # The demo parent's: Ella's (half off, for a low household income) approved, so her bill shows the
    # remission and still has something to pay; Noah's waiting for a decision.
    awards.append(_award(world, world.demo.ella, categories[Reason.LOW_INCOME], APPROVED, rng, deciders))
    awards.append(
        _award(world, world.demo.noah, categories[Reason.FSM_PUPIL_PREMIUM], PENDING, rng, deciders)
    )
    RemissionAward.objects.bulk_create(awards, batch_size=BATCH_SIZE)
    approved = sum(award.status == APPROVED for award in awards)
    return approved, len(awards) - approved


def _draw(rng: random.Random, pupil: PupilRow) -> tuple[str | None, str]:
    options = LOOKED_AFTER if pupil.looked_after else FSM_OR_PP if pupil.fsm_or_pp else OTHERS
    for reason, approved, pending in options:
        draw = rng.random()
        if draw < approved:
            return reason, APPROVED
        if draw < approved + pending:
            return reason, PENDING
    return None, PENDING


def _award(
    world: World,
    pupil: PupilRow,
    category: RemissionCategory,
    status: str,
    rng: random.Random,
    deciders: list[int],
) -> RemissionAward:
    today, year_start = world.today, world.year.starts_on
    if status == PENDING:
        applied = today - datetime.timedelta(days=rng.randint(0, 14))
    else:
        applied = year_start + datetime.timedelta(
            days=rng.randint(0, max(0, min(75, (today - year_start).days)))
        )
    decided = min(today, applied + datetime.timedelta(days=rng.randint(2, 15)))
    return RemissionAward(
        public_id=public_id(rng),
        pupil_id=pupil.id,
        category=category,
        academic_year=world.year,
        evidence=rng.choice(EVIDENCE[category.reason]),
        status=status,
        applied_by_id=pupil.payer_user_id,
        applied_at=world.at(applied, rng.randint(8, 15), rng.choice((0, 20, 40))),
        decided_by_id=rng.choice(deciders) if status == APPROVED else None,
        decided_at=world.at(decided, 16, rng.choice((0, 30))) if status == APPROVED else None,
    )
