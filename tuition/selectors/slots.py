"""Reads about what the hub teaches: lesson types, slots (and those open to families), a tutor's timetable."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from hub.models import AcademicYear, StaffProfile, StaffRole
from hub.pagination import with_count
from tuition.models import LessonType, Placement, TeachingSlot, Weekday
from tuition.schedule import covering


def lesson_types_of(year: AcademicYear) -> QuerySet[LessonType]:
    return LessonType.objects.filter(academic_year=year).annotate(
        slot_count=Count("slots", filter=Q(slots__is_active=True))
    )


def get_lesson_type(public_id) -> LessonType:
    return get_object_or_404(LessonType.objects.select_related("academic_year"), public_id=public_id)


def tutors() -> QuerySet[StaffProfile]:
    """Staff who hold the tutor role, by name."""
    return (
        StaffProfile.objects.filter(user__groups__name=StaffRole.TUTOR)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def tutor_rows() -> QuerySet:
    """(pk, name) rows of the tutors, by name, for a filter's list."""
    return (
        tutors()
        .annotate(name=Concat("user__first_name", Value(" "), "user__last_name"))
        .values_list("pk", "name", named=True)
    )


def get_tutor(public_id) -> StaffProfile:
    return get_object_or_404(tutors(), public_id=public_id)


def slots(
    *,
    year: AcademicYear,
    tutor: StaffProfile | None = None,
    school=None,
    school_search: str = "",
    active: bool | None = True,
) -> QuerySet[TeachingSlot]:
    """A year's teaching slots, unordered and without details (count them as they stand), filtered by
    tutor and school (or part of a school's name, or its URN); `in_week_order` sorts them and `as_listed`
    reads a page's rows."""
    found = TeachingSlot.objects.filter(academic_year=year)
    if tutor is not None:
        found = found.filter(tutor_id=tutor.pk)
    if school is not None:
        found = found.filter(school=school)
    if school_search.isdigit():
        found = found.filter(school__urn=int(school_search))
    elif school_search:
        found = found.filter(school__name__icontains=school_search)
    if active is not None:
        found = found.filter(is_active=active)
    return found


WEEK_ORDER = ("weekday", "starts_at", "tutor__user__last_name", "pk")


def _placed_today() -> Coalesce:
    """How many pupils are placed in the slot today: a subquery, not Count(), so that a list's count needs
    no GROUP BY over every placement."""
    placed = (
        Placement.objects.filter(covering(timezone.localdate()), slot=OuterRef("pk"))
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(placed), 0)


def with_details(found: QuerySet[TeachingSlot]) -> QuerySet[TeachingSlot]:
    """Slots with their tutor, place, instrument and lesson type, and `placed`: the pupils placed today."""
    return found.select_related("tutor__user", "school", "instrument", "lesson_type").annotate(
        placed=_placed_today()
    )


def in_week_order(found: QuerySet[TeachingSlot]) -> QuerySet:
    """The slots in week order (from the slot_in_week_order index), as (pk, tutor) rows with the list's
    length (`total`, for page_of, counted on `found` before the joins): a page of them is sorted narrow,
    with the tutor's name its sort joins anyway, then `as_listed` reads the rest by id. (Sorting the rows
    with all their details in one query costs PostgreSQL more to plan than both take.)"""
    return (
        with_count(found)
        .order_by(*WEEK_ORDER)
        .values_list(
            "pk",
            "tutor__public_id",
            "tutor__user__first_name",
            "tutor__user__last_name",
            "tutor__user__email",
            "total",
            named=True,
        )
    )


@dataclass(frozen=True)
class ListedSlot:
    """One row of the staff's slot list, as the page shows it."""

    when: str  # "Tuesday 15:00 to 15:30"
    name: str  # the slot as str(slot) names it: "Tuesday 15:00 Violin at Hillside Primary School"
    is_active: bool
    tutor_name: str
    tutor_url: str
    place: str
    school_pays: bool
    instrument: str
    lesson_type: str
    placed: str  # "3 of 4"
    edit_url: str


ZERO_ID = UUID(int=0)


def as_listed(rows: Iterable) -> list[ListedSlot]:
    """A page of `in_week_order` rows as the list shows them, the rest of each read in one query of plain
    values, times written and links made here: one reverse() a page, not two a row."""
    rows = list(rows)
    found = {
        row.pk: row
        for row in TeachingSlot.objects.filter(pk__in=[row.pk for row in rows])
        .annotate(placed=_placed_today())
        .order_by()
        .values_list(
            "pk", "public_id", "weekday", "starts_at", "ends_at", "is_active", "capacity", "school_pays",
            "placed", "school__name", "music_centre", "instrument__name", "lesson_type__name", named=True,
        )
    }  # fmt: skip
    urls = (reverse("tuition:tutor-timetable", args=[ZERO_ID]), reverse("tuition:slot-edit", args=[ZERO_ID]))
    return [_listed(found[row.pk], row, *urls) for row in rows]


_WEEKDAYS = dict(Weekday.choices)


def _listed(row, tutor, timetable_url: str, edit_url: str) -> ListedSlot:
    day, place, zero = _WEEKDAYS[row.weekday], row.school__name or row.music_centre, str(ZERO_ID)
    full_name = f"{tutor.tutor__user__first_name} {tutor.tutor__user__last_name}".strip()
    return ListedSlot(
        when=f"{day} {row.starts_at:%H:%M} to {row.ends_at:%H:%M}",
        name=f"{day} {row.starts_at:%H:%M} {row.instrument__name} at {place}",
        is_active=row.is_active,
        tutor_name=full_name or tutor.tutor__user__email,
        tutor_url=timetable_url.replace(zero, str(tutor.tutor__public_id)),
        place=place,
        school_pays=row.school_pays,
        instrument=row.instrument__name,
        lesson_type=row.lesson_type__name,
        placed=f"{row.placed} of {row.capacity}",
        edit_url=edit_url.replace(zero, str(row.public_id)),
    )


def get_slot(public_id) -> TeachingSlot:
    return get_object_or_404(
        TeachingSlot.objects.select_related(
            "academic_year", "tutor__user", "school", "instrument", "lesson_type"
        ),
        public_id=public_id,
    )


def timetable(tutor: StaffProfile, year: AcademicYear) -> list[tuple[str, list[TeachingSlot]]]:
    """A tutor's active slots in a year, day by day (the days they teach), each with its pupils today."""
    days: dict[int, list[TeachingSlot]] = {}
    found = with_details(slots(year=year, tutor=tutor)).order_by(*WEEK_ORDER)
    for slot in found.prefetch_related(_pupils_today()):
        days.setdefault(slot.weekday, []).append(slot)
    return [(Weekday(day).label, found) for day, found in sorted(days.items())]


def _pupils_today() -> Prefetch:
    today = timezone.localdate()
    return Prefetch(
        "placements",
        queryset=Placement.objects.filter(covering(today))
        .select_related("pupil", "enrolment")
        .order_by("pupil__last_name", "pupil__first_name"),
        to_attr="pupils_today",
    )


def bookable_slots() -> QuerySet[TeachingSlot]:
    """Active slots of the current or a coming academic year: where a family can be offered a place."""
    return TeachingSlot.objects.filter(is_active=True, academic_year__ends_on__gte=timezone.localdate())
