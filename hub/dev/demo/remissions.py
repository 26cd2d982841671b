"""Remissions in the demo: the hub's categories; this year's approved awards for a share of the children on
free school meals; and applications waiting in the queue for the hub admin and finance to decide.

The demo parent's Ella holds free school meals for this year (her bills show it); Noah's application waits.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Min

from hub.billing.models import RemissionCategory
from hub.dev.demo import signins
from hub.dev.demo.scale import Scale
from hub.models import AcademicYear, User
from schools.models import Pupil, RemissionAward

Reason = RemissionCategory.Reason
CATEGORIES = (
    (
        "Free school meals or pupil premium",
        Reason.FSM_PUPIL_PREMIUM,
        {"percent": Decimal("100")},
        "A letter from the school confirming free school meals or pupil premium",
    ),
    (
        "Looked after",
        Reason.LOOKED_AFTER,
        {"percent": Decimal("100")},
        "A letter from the child's social worker or the virtual school",
    ),
    (
        "Low household income",
        Reason.LOW_INCOME,
        {"percent": Decimal("50"), "cap_per_term": Decimal("80.00")},
        "A Universal Credit or tax credits award letter from this year",
    ),
    ("Discretionary", Reason.DISCRETIONARY, {"amount": Decimal("30.00")}, "Tell us about your circumstances"),
)
APPROVED_SHARE = 0.3  # of the children on free school meals: the families who applied this year
EVIDENCE = "Letter from {school}, September {year}, confirming free school meals."


def create_remissions(*, scale: Scale, year: AcademicYear, seed: int) -> int:
    """The categories and this year's awards; how many awards were made."""
    categories = {
        reason: RemissionCategory.objects.get_or_create(
            name=name, defaults={"reason": reason, "evidence_needed": evidence, **off}
        )[0]
        for name, reason, off, evidence in CATEGORIES
    }
    fsm = categories[Reason.FSM_PUPIL_PREMIUM]
    admin = User.objects.get(email=signins.ADMIN.email)
    applied_at = datetime.datetime.combine(year.starts_on, datetime.time(19, 30), tzinfo=datetime.UTC)
    awards = [
        _award(
            pupil, fsm, year, applied_by_id=user_id, applied_at=applied_at, decided_by=admin, status=status
        )
        for pupil, user_id, status in _applicants(scale=scale, seed=seed)
    ]
    RemissionAward.objects.bulk_create(awards, batch_size=2000)
    return len(awards)


def _award(pupil, category, year, *, applied_by_id, applied_at, decided_by, status) -> RemissionAward:
    approved = status == RemissionAward.Status.APPROVED
    return RemissionAward(
        pupil=pupil,
        category=category,
        academic_year=year,
        evidence=EVIDENCE.format(
            school=pupil.school.name if pupil.school else "the school", year=year.start_year
        ),
        status=status,
        applied_by_id=applied_by_id,
        applied_at=applied_at,
        decided_by=decided_by if approved else None,
        decided_at=applied_at + datetime.timedelta(days=9) if approved else None,
    )


def _applicants(*, scale: Scale, seed: int):
    """(pupil, the applying parent's user id, status): the demo parent's two, then a share of the others."""
    demo_children = set(
        Pupil.objects.filter(guardians__user__email=signins.PARENT.email).values_list("pk", flat=True)
    )
    pupils = (
        Pupil.objects.filter(equality__free_school_meals=True)
        .annotate(parent_id=Min("guardians__user_id"))
        .filter(parent_id__isnull=False)
        .select_related("school")
        .order_by("pk")
    )
    rng = random.Random(f"{seed}:remissions")
    waiting = 3 if scale.name == "small" else 40
    for pupil in pupils:
        if pupil.pk in demo_children:
            status = "approved" if pupil.first_name == "Ella" else "pending"
        elif rng.random() < APPROVED_SHARE:
            status = "approved"
        elif waiting and rng.random() < 0.1:
            waiting -= 1
            status = "pending"
        else:
            continue
        yield pupil, pupil.parent_id, status
