"""What lessons cost: this year's lesson types with termly fees, next year's copied for re-enrolment, and the
remission categories that reduce them."""

import random
from decimal import ROUND_HALF_UP, Decimal

from hub.billing.models import RemissionCategory
from hub.dev.demo.lesson_world import public_id
from hub.models import AcademicYear
from tuition.models import LessonType

INDIVIDUAL, SHARED, GROUP = LessonType.Format.INDIVIDUAL, LessonType.Format.SHARED, LessonType.Format.GROUP
# (key, name, format, smallest group, largest group, minutes, termly fee for each pupil)
LESSON_TYPES = (
    ("ind20", "Individual, 20 minutes", INDIVIDUAL, 1, 1, 20, "124.00"),
    ("ind30", "Individual, 30 minutes", INDIVIDUAL, 1, 1, 30, "186.00"),
    ("shared30", "Shared (2 pupils), 30 minutes", SHARED, 2, 2, 30, "96.00"),
    ("group4", "Small group (up to 4), 45 minutes", GROUP, 2, 4, 45, "78.00"),
    ("group6", "Group (up to 6), 45 minutes", GROUP, 3, 6, 45, "62.00"),
)
LESSONS_PER_TERM, LESSONS_PER_YEAR = 10, 30
NEXT_YEAR_UPLIFT = Decimal("3.0")  # percent, as the SLA catalogue's; fees stay in whole pounds

# (name, reason, percent off, sum off a term, most off a term, evidence a family shows)
REMISSION_CATEGORIES = (
    (
        "Free school meals or pupil premium",
        RemissionCategory.Reason.FSM_PUPIL_PREMIUM,
        "100.00",
        None,
        "200.00",
        "A letter from the school confirming free school meals or pupil premium.",
    ),
    (
        "Looked after child",
        RemissionCategory.Reason.LOOKED_AFTER,
        "100.00",
        None,
        None,
        "A letter from the child's social worker or the virtual school.",
    ),
    (
        "Low household income",
        RemissionCategory.Reason.LOW_INCOME,
        "50.00",
        None,
        None,
        "A Universal Credit or tax credit award notice from the last three months.",
    ),
    (
        "Discretionary help",
        RemissionCategory.Reason.DISCRETIONARY,
        None,
        "50.00",
        None,
        "A short note of the family's circumstances; the head of service decides.",
    ),
)


def ensure_lesson_types(*, year: AcademicYear, next_year: AcademicYear, seed: int) -> dict[str, LessonType]:
    """This year's lesson types by key, and next year's at a small uplift; rows already there are kept."""
    rng = random.Random(f"{seed}:lessons:types")
    this_year = _ensure_year(year=year, uplift=Decimal(0), rng=rng)
    _ensure_year(year=next_year, uplift=NEXT_YEAR_UPLIFT, rng=rng)
    return this_year


def _ensure_year(*, year: AcademicYear, uplift: Decimal, rng: random.Random) -> dict[str, LessonType]:
    existing = {t.name: t for t in LessonType.objects.filter(academic_year=year)}
    made = {}
    for key, name, lesson_format, smallest, largest, minutes, fee in LESSON_TYPES:
        if name in existing:
            made[key] = existing[name]
            continue
        made[key] = LessonType(
            public_id=public_id(rng),
            academic_year=year,
            name=name,
            format=lesson_format,
            min_pupils=smallest,
            max_pupils=largest,
            minutes=minutes,
            lessons_per_term=LESSONS_PER_TERM,
            lessons_per_year=LESSONS_PER_YEAR,
            termly_fee=(Decimal(fee) * (100 + uplift) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP),
        )
    LessonType.objects.bulk_create([t for t in made.values() if t.pk is None])
    return made


def ensure_remission_categories() -> dict[str, RemissionCategory]:
    """The hub's remission categories by reason; a category already there (by name) is kept as it is."""
    categories = {}
    for name, reason, percent, amount, cap, evidence in REMISSION_CATEGORIES:
        category, _ = RemissionCategory.objects.get_or_create(
            name=name,
            defaults={
                "reason": reason,
                "percent": None if percent is None else Decimal(percent),
                "amount": None if amount is None else Decimal(amount),
                "cap_per_term": None if cap is None else Decimal(cap),
                "evidence_needed": evidence,
            },
        )
        categories[reason] = category
    return categories
