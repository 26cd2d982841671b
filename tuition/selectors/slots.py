"""Reads about what the hub teaches: lesson types, slots (and those open to families), a tutor's timetable."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.models import AcademicYear, StaffProfile, StaffRole
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
    """A year's teaching slots, with the pupils placed in each today, filtered by tutor and school (or part
    of a school's name, or its URN)."""
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
    return with_details(found).order_by("weekday", "starts_at", "tutor__user__last_name", "pk")


def with_details(found: QuerySet[TeachingSlot]) -> QuerySet[TeachingSlot]:
    """Slots with their tutor, place, instrument and lesson type, and `placed`: the pupils placed today."""
    # A subquery, not Count(): the list's page count then needs no GROUP BY over every placement.
    placed_today = (
        Placement.objects.filter(covering(timezone.localdate()), slot=OuterRef("pk"))
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return found.select_related("tutor__user", "school", "instrument", "lesson_type").annotate(
        placed=Coalesce(Subquery(placed_today), 0)
    )


def page_of_slots(slots_page) -> list[TeachingSlot]:
    """A page of `slots` read in two steps: its ids in week order (from the slot_in_week_order index), then
    those slots in full; joining every slot of the year to sort them costs more than the page."""
    ids = list(slots_page)
    found = with_details(TeachingSlot.objects.filter(pk__in=ids)).in_bulk(ids)
    return [found[pk] for pk in ids]


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
    for slot in slots(year=year, tutor=tutor).prefetch_related(_pupils_today()):
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
