"""Lessons' charge source for the family billing run (registered with hub.billing.sources in apps.py).

One charge per enrolment with a placement in the term, at the termly fee of the lesson type it is taught in
on its first lesson date of the term (or, starting part-way, its first placement in the term). Enrolments
that end before the term starts are not billed. Lessons in a slot the school pays for under its SLA go to
the school's account, without the family's remissions. Lessons lost to the hub last term are credited.
"""

import datetime
from collections.abc import Collection
from decimal import Decimal

from django.db.models import Q

from hub.billing.models import Activity
from hub.billing.sources import Credit, FamilyCharge, Payer, register, term_name
from hub.calendar import term_before
from hub.models import ClosureDay, Term, TermBreak
from hub.money import round_money
from schools.selectors.remissions import approved_categories_by_pupil
from schools.services.invoicing import school_account
from tuition.models import Enrolment, Placement
from tuition.selectors.registers import lost_lessons


def first_lesson_days(term: Term) -> dict[int, datetime.date | None]:
    """Each weekday's first teaching day of the term (outside its breaks and closures), in two queries."""
    breaks = list(TermBreak.objects.filter(term=term).values_list("starts_on", "ends_on"))
    closed = set(
        ClosureDay.objects.filter(
            academic_year_id=term.academic_year_id, date__range=(term.starts_on, term.ends_on)
        ).values_list("date", flat=True)
    )
    firsts: dict[int, datetime.date | None] = dict.fromkeys(range(7))
    day = term.starts_on
    while day <= term.ends_on and None in firsts.values():
        taught = day not in closed and not any(start <= day <= end for start, end in breaks)
        if taught and firsts[day.weekday()] is None:
            firsts[day.weekday()] = day
        day += datetime.timedelta(days=1)
    return firsts


def _placements(term: Term, payers: Collection[Payer] | None):
    """The term's placements of the enrolments still running at its start (those the payers pay, if given)."""
    running = Q(enrolment__starts_on__lte=term.ends_on) & (
        Q(enrolment__ends_on__isnull=True) | Q(enrolment__ends_on__gte=term.starts_on)
    )
    in_term = Q(starts_on__lte=term.ends_on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=term.starts_on))
    placements = Placement.objects.filter(running, in_term)
    if payers is not None:
        # A guardian's enrolments, and every enrolment ever placed in a slot that a paying school pays for.
        schools_pay = Enrolment.objects.filter(
            placements__slot__school__billing_account_id__in=[
                p.account_id for p in payers if not p.is_family
            ],
            placements__slot__school_pays=True,
        )
        placements = placements.filter(
            Q(enrolment__payer_id__in=[p.guardian_id for p in payers if p.is_family])
            | Q(enrolment__in=schools_pay.values("pk"))
        )
    return placements.select_related(
        "slot__lesson_type", "slot__school", "enrolment__pupil", "enrolment__instrument"
    ).order_by("enrolment_id", "starts_on")


def billed_placements(term: Term, payers: Collection[Payer] | None = None) -> list[Placement]:
    """Per enrolment, the placement the term is billed for: the one covering its first lesson date."""
    firsts = first_lesson_days(term)
    chosen: dict[int, Placement] = {}
    for placement in _placements(term, payers):
        first = firsts[placement.weekday]
        covers = (
            first is not None
            and placement.starts_on <= first
            and (placement.ends_on is None or placement.ends_on >= first)
        )
        if placement.enrolment_id not in chosen or covers:
            chosen[placement.enrolment_id] = placement
    return list(chosen.values())


def _credits(
    key: str, instrument: str, previous: Term, lost: list[tuple[Decimal, int, int]]
) -> tuple[Credit, ...]:
    credits = []
    for number, (fee, per_term, count) in enumerate(sorted(lost), start=1):
        lessons = f"{count} {instrument} lesson{'s' if count != 1 else ''}"
        credits.append(
            Credit(
                description=f"Credit for {lessons} lost to the hub in the {term_name(previous)}",
                amount=round_money(fee / max(per_term, 1) * count),
                source_key=f"{key}:credit:{previous.slug}:{number}",
            )
        )
    return tuple(credits)


def _billed_to(placement: Placement, payers: Collection[Payer] | None) -> bool:
    """Whether the placement's lessons are billed to one of the payers (to anyone, when None)."""
    if payers is None:
        return True
    slot = placement.slot
    if not slot.school_pays or slot.school is None:
        return Payer(guardian_id=placement.enrolment.payer_id) in payers
    account = slot.school.billing_account_id
    return account is not None and Payer(account_id=account) in payers


def _payer_of(placement: Placement, accounts: dict[int, int]) -> Payer:
    """The guardian who pays, or the school's account (made on first use) for a slot the school pays for."""
    school = placement.slot.school
    if not placement.slot.school_pays or school is None:
        return Payer(guardian_id=placement.enrolment.payer_id)
    if school.pk not in accounts:
        accounts[school.pk] = school_account(school).pk
    return Payer(account_id=accounts[school.pk])


def term_charges(term: Term, payers: Collection[Payer] | None = None) -> list[FamilyCharge]:
    """The term's lesson charges: every payer's, or those of the payers given (a billing run's batch)."""
    wanted = None if payers is None else set(payers)
    placements = [p for p in billed_placements(term, wanted) if _billed_to(p, wanted)]
    categories = approved_categories_by_pupil({p.enrolment.pupil_id for p in placements}, term.academic_year)
    previous = term_before(term)
    lost = lost_lessons(previous, [p.enrolment_id for p in placements]) if previous else {}
    accounts: dict[int, int] = {}
    charges = []
    for placement in placements:
        enrolment, slot = placement.enrolment, placement.slot
        pupil, instrument = enrolment.pupil, enrolment.instrument.name
        key = f"tuition:enrolment:{enrolment.pk}:term:{term.slug}"
        charges.append(
            FamilyCharge(
                payer=_payer_of(placement, accounts),
                pupil_id=pupil.pk,
                pupil_name=f"{pupil.first_name} {pupil.last_name}",
                activity=Activity.LESSONS,
                description=f"{instrument} lessons, {term_name(term)} ({slot.lesson_type.name})",
                fee=slot.lesson_type.termly_fee,
                source_key=key,
                categories=() if slot.school_pays else tuple(categories.get(pupil.pk, ())),
                credits=_credits(key, instrument, previous, lost[enrolment.pk])
                if previous and enrolment.pk in lost
                else (),
            )
        )
    return charges


def register_source() -> None:
    register("tuition", term_charges)
