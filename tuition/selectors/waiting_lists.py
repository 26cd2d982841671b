"""Reads of the waiting lists: a request's place in its queue, and the staff's lists by school and
instrument. A queue is the requests waiting for one instrument at one school, first asked first."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone

from hub.models import InstrumentType
from schools.models import School
from tuition.models import LessonRequest, Offer, Placement, TeachingSlot
from tuition.schedule import overlapping
from tuition.selectors.slots import bookable_slots


def position_in_queue() -> Coalesce:
    """For each request: how many waiting requests of its queue were made before it, itself included."""
    ahead = (
        LessonRequest.objects.filter(
            status=LessonRequest.Status.WAITING,
            school=OuterRef("school"),
            instrument=OuterRef("instrument"),
        )
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("instrument")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead), 0)


def waiting_list(*, school: School | None = None, instrument: InstrumentType | None = None) -> QuerySet:
    """Waiting requests as (id, position in its queue), by school, instrument and date asked: narrow rows,
    so that sorting 2,000 of them stays cheap; `with_details` reads one page's requests in full."""
    requests = LessonRequest.objects.filter(status=LessonRequest.Status.WAITING)
    if school is not None:
        requests = requests.filter(school=school)
    if instrument is not None:
        requests = requests.filter(instrument=instrument)
    # One window over the list, not a count per row: the filters are the queues' own keys, so a queue is
    # never cut short, and numbering every request costs one sort.
    position = Window(
        RowNumber(), partition_by=[F("school_id"), F("instrument_id")], order_by=[F("requested_at"), F("pk")]
    )
    return (
        requests.annotate(position=position)
        .order_by("school__name", "instrument__name", "requested_at", "pk")
        .values_list("pk", "position")
    )


def with_details(rows: Iterable[tuple[int, int]]) -> list[LessonRequest]:
    """The requests of (id, position) rows, in their order, each with its pupil, school, instrument, lesson
    type and `position`: one query."""
    rows = list(rows)
    found = LessonRequest.objects.select_related("pupil", "school", "instrument", "lesson_type").in_bulk(
        [pk for pk, _ in rows]
    )
    requests = []
    for pk, position in rows:
        lesson_request = found[pk]
        lesson_request.position = position  # type: ignore[attr-defined]
        requests.append(lesson_request)
    return requests


def schools_waiting() -> QuerySet[School]:
    waiting = LessonRequest.objects.filter(school=OuterRef("pk"), status=LessonRequest.Status.WAITING)
    return School.objects.filter(Exists(waiting)).only("urn", "name").order_by("name")


def instruments_waiting() -> QuerySet[InstrumentType]:
    waiting = LessonRequest.objects.filter(instrument=OuterRef("pk"), status=LessonRequest.Status.WAITING)
    return InstrumentType.objects.filter(Exists(waiting)).order_by("name")


def get_waiting_request(public_id) -> LessonRequest:
    """Any family's request, for staff; 404 when there is none."""
    found = (
        LessonRequest.objects.select_related(
            "pupil", "school", "instrument", "lesson_type", "requested_by__user"
        )
        .annotate(position=position_in_queue())
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def slots_for(lesson_request: LessonRequest, *, day: datetime.date | None = None) -> QuerySet[TeachingSlot]:
    """Slots that could take the request (its instrument, at its school), with the places taken on a day
    (`taken`): a guide for staff; the offer itself counts again under a lock."""
    day = day or timezone.localdate()
    placed = (
        Placement.objects.filter(overlapping(day), slot=OuterRef("pk"))
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    held = (
        Offer.objects.filter(slot=OuterRef("pk"), status=Offer.Status.OPEN)
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        bookable_slots()
        .filter(instrument=lesson_request.instrument, school=lesson_request.school)
        .select_related("lesson_type", "tutor__user", "school", "academic_year", "instrument")
        .annotate(taken=Coalesce(Subquery(placed), 0) + Coalesce(Subquery(held), 0))
        .annotate(free=F("capacity") - F("taken"))
        .order_by("academic_year__starts_on", "weekday", "starts_at")
    )
