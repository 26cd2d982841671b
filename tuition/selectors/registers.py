"""Reads about registers: whose lessons a user may mark (404 outside them), a lesson's register, and
per enrolment the lessons billed against the lessons delivered (with the credits the billing run needs)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hub.access import has_role
from hub.models import ClosureDay, StaffProfile, StaffRole, Term, TermBreak
from tuition.models import Attendance, AttendanceCode, Enrolment, Placement, TeachingSlot
from tuition.models.registers import LOST_TO_THE_HUB
from tuition.schedule import placement_days, placements_on, teaching_days_by_weekday

SLOT_DETAILS = ("tutor__user", "school", "instrument", "lesson_type")


def sees_every_register(user) -> bool:
    """The hub admin sees every tutor's registers; a tutor only their own."""
    return has_role(user, StaffRole.HUB_ADMIN)


def slots_for(user) -> QuerySet[TeachingSlot]:
    found = TeachingSlot.objects.select_related(*SLOT_DETAILS)
    return found if sees_every_register(user) else found.filter(tutor__user=user)


def get_slot_for(user, public_id) -> TeachingSlot:
    return get_object_or_404(slots_for(user), public_id=public_id)


def tutor_for(user, public_id) -> StaffProfile:
    """A tutor whose timetable and registers the user may see: their own, or any for the hub admin."""
    found = StaffProfile.objects.select_related("user").filter(user__groups__name=StaffRole.TUTOR)
    if not sees_every_register(user):
        found = found.filter(user=user)
    return get_object_or_404(found, public_id=public_id)


def teaching_term(day: datetime.date) -> QuerySet[Term]:
    """The term holding the day when lessons are taught that day: not in a break, not a closure day.

    One query for what tuition.schedule.teaching_days works out for a whole term (a test holds them equal).
    """
    in_a_break = TermBreak.objects.filter(term=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    closed = ClosureDay.objects.filter(academic_year=OuterRef("academic_year"), date=day)
    return (
        Term.objects.filter(starts_on__lte=day, ends_on__gte=day)
        .exclude(Exists(in_a_break))
        .exclude(Exists(closed))
    )


def lesson_term(slot: TeachingSlot, day: datetime.date) -> Term | None:
    """The term of the slot's lesson on the day, or None if the slot has no lesson that day."""
    if day.weekday() != slot.weekday:
        return None
    return teaching_term(day).filter(academic_year_id=slot.academic_year_id).first()


# What a lesson's register and its marking read of the slot (and its name, str(slot)): not every column of
# the school from the register of schools.
LESSON_SLOT = (
    "public_id", "weekday", "academic_year_id", "starts_at", "ends_at", "music_centre", "school__name",
    "instrument__name", "lesson_type__name", "tutor__user__first_name", "tutor__user__last_name",
    "tutor__user__email",
)  # fmt: skip


def get_lesson_for(user, public_id, day: datetime.date) -> TeachingSlot:
    """A slot of the user's that has a lesson on the day: 404 if it is not theirs or has no lesson then.

    The term is found in the slot's own query (lesson_term's rule): the register page stays at few queries.
    """
    term = teaching_term(day).filter(academic_year=OuterRef("academic_year")).values("pk")[:1]
    found = slots_for(user).only(*LESSON_SLOT).annotate(lesson_term_id=Subquery(term))
    slot = get_object_or_404(found, public_id=public_id)
    if day.weekday() != slot.weekday or slot.lesson_term_id is None:  # type: ignore[attr-defined]
        raise Http404("The slot has no lesson on that day.")
    return slot


# The marks behind a row's "Other" button, as plain strings: a register of thirty rows reads them once.
OTHER_MARKS = [(code.value, str(code.label)) for code in AttendanceCode if code != AttendanceCode.PRESENT]


@dataclass
class RegisterRow:
    placement: Placement
    attendance: Attendance | None

    @property
    def pupil(self):
        return self.placement.enrolment.pupil

    @property
    def enrolment(self) -> Enrolment:
        return self.placement.enrolment

    @property
    def others(self) -> list[tuple[str, str, bool]]:
        """The other marks' buttons: (code, label, whether it is the pupil's mark)."""
        mark = self.attendance.code if self.attendance else None
        return [(code, label, code == mark) for code, label in OTHER_MARKS]


def mark_url(slot: TeachingSlot, day: datetime.date) -> str:
    return reverse("tuition:mark", kwargs={"public_id": slot.public_id, "day": day})


@dataclass
class Register:
    slot: TeachingSlot
    day: datetime.date
    rows: list[RegisterRow]

    @property
    def unmarked(self) -> int:
        return sum(1 for row in self.rows if row.attendance is None)

    @cached_property
    def mark_url(self) -> str:
        """Where each of its rows posts a mark: reversed once for the register, not twice a row."""
        return mark_url(self.slot, self.day)


def register(slot: TeachingSlot, day: datetime.date) -> Register:
    """The pupils placed in the slot on the day with their marks: one query, whatever the group size. Only
    what a row shows is read: a pupil's row in the database is wide, and who marked them is not shown."""
    placements = placements_on(slot, day).only(
        "slot_id", "enrolment__public_id", "enrolment__pupil__first_name", "enrolment__pupil__last_name"
    )
    marked = Attendance.objects.filter(
        lesson__slot=slot, lesson__date=day, enrolment_id=OuterRef("enrolment_id")
    )
    placements = placements.annotate(mark=Subquery(marked.order_by().values("code")[:1]))
    return Register(slot, day, [RegisterRow(p, mark_read_with(p)) for p in placements])


def mark_read_with(placement: Placement) -> Attendance | None:
    """A placement's mark on its register's day, read with it as `mark` (its code: all that a row shows),
    or None if the pupil is not marked: one query for a register, not a second for its marks."""
    code = placement.mark  # type: ignore[attr-defined]
    return None if code is None else Attendance(enrolment_id=placement.enrolment_id, code=code)


def get_register_row(slot: TeachingSlot, day: datetime.date, enrolment_id) -> RegisterRow:
    """One pupil's row of a lesson's register (404 if the pupil is not placed in that lesson)."""
    placement = get_object_or_404(placements_on(slot, day), enrolment__public_id=enrolment_id)
    mark = Attendance.objects.filter(
        lesson__slot=slot, lesson__date=day, enrolment=placement.enrolment
    ).first()
    return RegisterRow(placement, mark)


# --- Lessons billed against lessons delivered ------------------------------------------------------------


@dataclass
class LessonsSummary:
    """An enrolment's lessons in a term: how many there were, how each was marked, and what they mean."""

    term: Term
    dates: list[datetime.date]
    marks: Counter = field(default_factory=Counter)

    @property
    def lessons(self) -> int:
        return len(self.dates)

    @property
    def marked(self) -> int:
        return sum(self.marks.values())

    @property
    def unmarked(self) -> int:
        return max(self.lessons - self.marked, 0)

    @property
    def lost(self) -> int:
        """Lessons the hub did not give: a credit on the family's next bill."""
        return sum(self.marks[code] for code in LOST_TO_THE_HUB)

    @property
    def billable(self) -> int:
        return self.lessons - self.lost

    @property
    def delivered(self) -> int:
        """Lessons the tutor gave (and is paid for), whether or not the pupil came."""
        return sum(n for code, n in self.marks.items() if AttendanceCode(code).payable)

    def by_code(self) -> list[tuple[AttendanceCode, int]]:
        return [(code, self.marks[code]) for code in AttendanceCode]


def _overlapping(term: Term) -> Q:
    return Q(starts_on__lte=term.ends_on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=term.starts_on))


def lesson_dates_of(enrolment: Enrolment, term: Term) -> list[datetime.date]:
    """The term's lesson dates of the enrolment's placements, within the enrolment's own start and end."""
    days = teaching_days_by_weekday(term)
    placements = enrolment.placements.filter(_overlapping(term))
    dates = []
    for placement in placements:
        dates += placement_days(placement, enrolment, days[placement.weekday])
    return sorted(dates)


def lessons_summary(enrolment: Enrolment, term: Term) -> LessonsSummary:
    """The enrolment's lessons in the term: dates, marks by code, billable, delivered and lost to the hub."""
    marks = Attendance.objects.filter(enrolment=enrolment, lesson__term=term).values("code")
    counts = Counter({row["code"]: row["n"] for row in marks.annotate(n=Count("id"))})
    return LessonsSummary(term=term, dates=lesson_dates_of(enrolment, term), marks=counts)


def lost_lessons(
    term: Term, enrolment_ids: list[int] | None = None
) -> dict[int, list[tuple[Decimal, int, int]]]:
    """Lessons lost to the hub in the term (the codes' rule: tuition/models/registers.py), one grouped query:
    enrolment -> [(the lesson type's termly fee, its lessons a term, lessons lost)]."""
    rows = Attendance.objects.filter(lesson__term=term, code__in=[code.value for code in LOST_TO_THE_HUB])
    if enrolment_ids is not None:
        rows = rows.filter(enrolment_id__in=enrolment_ids)
    grouped = (
        rows.values(
            "enrolment_id",
            "lesson__slot__lesson_type__termly_fee",
            "lesson__slot__lesson_type__lessons_per_term",
        )
        .annotate(lost=Count("id"))
        .order_by()
    )
    found: dict[int, list[tuple[Decimal, int, int]]] = defaultdict(list)
    for row in grouped:
        found[row["enrolment_id"]].append(
            (
                row["lesson__slot__lesson_type__termly_fee"],
                row["lesson__slot__lesson_type__lessons_per_term"],
                row["lost"],
            )
        )
    return found


def credits_due(term: Term) -> dict[int, int]:
    """{enrolment id: lessons lost to the hub in the term} for every enrolment that lost one: one query."""
    return {enrolment: sum(lost for *_, lost in rows) for enrolment, rows in lost_lessons(term).items()}


def get_enrolment(public_id) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("pupil__school", "instrument", "payer__user"), public_id=public_id
    )


def terms_of(enrolment: Enrolment, today: datetime.date) -> QuerySet[Term]:
    """The terms the enrolment has had lessons in so far (or is in now), newest first."""
    found = Term.objects.filter(ends_on__gte=enrolment.starts_on, starts_on__lte=today)
    if enrolment.ends_on:
        found = found.filter(starts_on__lte=enrolment.ends_on)
    return found.select_related("academic_year").order_by("-starts_on")


def marks_of(enrolment: Enrolment, term: Term) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(enrolment=enrolment, lesson__term=term)
        .select_related("lesson__slot__tutor__user", "marked_by")
        .order_by("lesson__date")
    )
