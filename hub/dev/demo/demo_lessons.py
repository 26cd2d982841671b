"""The demo family's lessons, so the parent's sign-in has something real to act on: Ella learns the violin
with the demo tutor (the family pays) and waits third in line for the piano at her school; Noah has an open
offer of a shared viola place at his school, waiting for an answer and expiring in a few days."""

import datetime

from django.conf import settings

from hub.dev.demo.enrolments import Filler
from hub.dev.demo.lesson_world import World
from hub.dev.demo.timetable import SlotPlan
from hub.dev.demo.waiting import WaitingList
from hub.models import Term
from tuition.models import LessonRequest, Offer
from tuition.schedule import lesson_dates

OFFER_MADE_DAYS_AGO = 4
ELLA_ASKED_DAYS_AGO = 20
AHEAD_OF_ELLA = 2  # other children waiting for the piano at Ella's school, asked before her


def demo_plan(plans: list[SlotPlan], child: str) -> SlotPlan:
    return next(plan for plan in plans if plan.demo == child)


def seat_ella(plans: list[SlotPlan], filler: Filler) -> None:
    """Ella has learnt the violin since last year, in the demo tutor's individual slot."""
    filler.seat(demo_plan(plans, "ella"), filler.world.demo.ella, continuing=True)


def ask_for_demo_family(world: World, waiting: WaitingList) -> None:
    """Ella's piano request, with children of her school asked before her; Noah's request for the viola."""
    ella, piano = world.demo.ella, world.instruments["Piano"]
    school = ella.school_id
    ahead = [
        r
        for r in waiting.requests
        if r.school_id == school and r.instrument_id == piano and r.requested_at < world.at(world.today, 0)
    ]
    schoolmates = [pid for pid in world.by_school.get(school, []) if pid not in (ella.id, world.demo.noah.id)]
    for index, pupil_id in enumerate(schoolmates):
        if len(ahead) >= AHEAD_OF_ELLA:
            break
        days_ago = ELLA_ASKED_DAYS_AGO + 30 + 15 * index
        request = waiting.request(world.pupils[pupil_id], piano, "ind30", days_ago=days_ago)
        if request:
            ahead.append(request)
    waiting.request(ella, piano, "ind30", days_ago=ELLA_ASKED_DAYS_AGO, guardian_id=world.demo.guardian_id)
    noah = waiting.request(
        world.demo.noah,
        world.instruments["Viola"],
        "shared30",
        days_ago=60,
        guardian_id=world.demo.guardian_id,
    )
    if noah:
        noah.status = LessonRequest.Status.OFFERED


def offer_noah_a_place(world: World, plans: list[SlotPlan], waiting: WaitingList) -> Offer | None:
    """The hub admin's offer to Noah of the free place in the demo tutor's shared viola slot."""
    plan = demo_plan(plans, "noah")
    request = next(
        (
            r
            for r in waiting.requests
            if r.pupil_id == world.demo.noah.id and r.status == LessonRequest.Status.OFFERED
        ),
        None,
    )
    if request is None or plan.slot is None:
        return None
    made_at = world.at(world.today - datetime.timedelta(days=OFFER_MADE_DAYS_AGO), 10, 30)
    expires_at = made_at + datetime.timedelta(days=settings.TUITION_OFFER_DAYS)
    return Offer.objects.create(
        request=request,
        slot=plan.slot,
        starts_on=_first_lesson_after(world, plan, expires_at.date()),
        status=Offer.Status.OPEN,
        made_by_id=world.staff_user_ids["Hub admin"],
        made_at=made_at,
        expires_at=expires_at,
    )


def _first_lesson_after(world: World, plan: SlotPlan, day: datetime.date) -> datetime.date:
    """The slot's first lesson after the day, this term or next; failing both, the week after."""
    assert plan.slot is not None
    for term in Term.objects.filter(ends_on__gt=day).order_by("starts_on")[:2]:
        later = [d for d in lesson_dates(plan.slot, term) if d > day]
        if later:
            return later[0]
    return day + datetime.timedelta(days=7)
