"""Reads of the waiting lists: a request's place in its queue, and the staff's lists by school and
instrument. A queue is the requests waiting for one instrument at one school, first asked first."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import IsNull
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hub.models import AcademicYear, InstrumentType
from hub.models.calendar import year_group_label
from schools.models import School
from schools.models.pupils import age_on
from tuition.models import LessonRequest, Level, Offer, Placement, TeachingSlot
from tuition.schedule import overlapping
from tuition.selectors.slots import bookable_slots


def position_in_queue() -> Coalesce:
    """For each request: how many waiting requests of its queue were made before it, itself included."""
    # The same school, or both for a music centre (no school): `school = NULL` would never match, and put a
    # centre's requests at position 0.
    same_place = Q(school=OuterRef("school")) | (Q(school__isnull=True) & IsNull(OuterRef("school"), True))
    ahead = (
        LessonRequest.objects.filter(
            same_place, status=LessonRequest.Status.WAITING, instrument=OuterRef("instrument")
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


def waiting_list(
    *, school: School | None = None, school_search: str = "", instrument: InstrumentType | None = None
) -> QuerySet:
    """Waiting requests by school, instrument and date asked, each with its `position` in its queue: read
    narrow (the id alone), so that sorting 2,000 of them stays cheap; `as_shown` reads a page's details.
    `school_search` is part of a school's name, or its URN."""
    requests = LessonRequest.objects.filter(status=LessonRequest.Status.WAITING)
    if school is not None:
        requests = requests.filter(school_id=school.pk)
    if school_search.isdigit():
        requests = requests.filter(school__urn=int(school_search))
    elif school_search:
        requests = requests.filter(school__name__icontains=school_search)
    if instrument is not None:
        requests = requests.filter(instrument_id=instrument.pk)
    # One window over the list, not a count per row: the filters pick whole queues (a school, an
    # instrument), so a queue is never cut short, and numbering every request costs one sort.
    position = Window(
        RowNumber(), partition_by=[F("school_id"), F("instrument_id")], order_by=[F("requested_at"), F("pk")]
    )
    return (
        requests.annotate(position=position)
        .order_by("school__name", "instrument__name", "requested_at", "pk")
        .only("pk")
    )


@dataclass(frozen=True)
class Waiting:
    """One row of the staff's waiting list, as the page shows it."""

    public_id: UUID
    position: int
    queue: tuple[int | None, int]  # (school, instrument): a heading where it changes
    queue_name: str
    pupil_name: str
    age: int
    year_group: str
    lesson_type: str
    level: str
    asked_on: str  # "03/11/2026"
    preferred_start: str  # "As soon as possible" when there is no date
    offer_url: str


ZERO_ID = UUID(int=0)


def as_shown(rows: Iterable, *, today: datetime.date, year: AcademicYear | None) -> list[Waiting]:
    """A page of waiting_list's rows as the list shows them (ages on `today`, year groups in `year`), read in
    one query of plain values, dates written and links made here: fifty rows of five models each, and a
    template filter or tag per cell, would cost more than the page's SQL."""
    rows = list(rows)
    details = {
        row.pk: row
        for row in LessonRequest.objects.filter(pk__in=[row.pk for row in rows])
        .order_by()
        .values_list(
            "pk", "public_id", "school_id", "instrument_id", "level", "requested_at", "preferred_start",
            "pupil__first_name", "pupil__last_name", "pupil__date_of_birth", "school__name",
            "instrument__name", "lesson_type__name",
            named=True,
        )
    }  # fmt: skip
    levels = dict(Level.choices)
    # One reverse() for the page, not one a row: the rows differ only in the request's id.
    offer_url = reverse("tuition:offer-make", args=[ZERO_ID])
    shown = []
    for row in rows:
        request = details[row.pk]
        born = request.pupil__date_of_birth
        shown.append(
            Waiting(
                public_id=request.public_id,
                position=row.position,
                queue=(request.school_id, request.instrument_id),
                queue_name=f"{request.school__name or 'Music centre'}: {request.instrument__name}",
                pupil_name=f"{request.pupil__first_name} {request.pupil__last_name}",
                age=age_on(born, today),
                year_group=year_group_label(year.year_group_of(born)) if year else "",
                lesson_type=request.lesson_type__name,
                level=levels.get(request.level, request.level),
                asked_on=f"{timezone.localtime(request.requested_at):%d/%m/%Y}",
                preferred_start=f"{start:%d/%m/%Y}"
                if (start := request.preferred_start)
                else "As soon as possible",
                offer_url=offer_url.replace(str(ZERO_ID), str(request.public_id)),
            )
        )
    return shown


def instruments() -> QuerySet:
    """(pk, slug, name) rows of every instrument, for the list's filter: a few dozen, read as they stand."""
    return InstrumentType.objects.order_by("name").values_list("pk", "slug", "name", named=True)


# A request's place in its queue, for the one request an offer's page reads: the same count as
# position_in_queue, written as SQL because building and compiling that subquery's OuterRefs cost about
# 1.5 ms, more than the rest of the page's read. It names the outer table, so it holds only in a query of
# LessonRequest rows (not inside a subquery); a test ties it to position_in_queue.
POSITION_OF_ONE = RawSQL(  # noqa: S611 - constant SQL, its one value a parameter
    """SELECT count(*) FROM tuition_lessonrequest ahead WHERE ahead.status = %s
    AND ahead.instrument_id = tuition_lessonrequest.instrument_id
    AND ahead.school_id IS NOT DISTINCT FROM tuition_lessonrequest.school_id
    AND (ahead.requested_at, ahead.id) <= (tuition_lessonrequest.requested_at, tuition_lessonrequest.id)""",
    (LessonRequest.Status.WAITING.value,),
    output_field=IntegerField(),
)


def get_waiting_request(public_id) -> LessonRequest:
    """Any family's request, for staff, with what the offer's page shows of it and its `position`; 404
    when there is none."""
    found = (
        LessonRequest.objects.select_related(
            "pupil", "school", "instrument", "lesson_type", "requested_by__user"
        )
        .only(
            "public_id", "status", "level", "preferred_start", "school_id", "instrument_id",
            "pupil__first_name", "pupil__last_name", "school__name", "instrument__name",
            "lesson_type__name", "requested_by__user__first_name", "requested_by__user__last_name",
            "requested_by__user__email",
        )
        .annotate(position=POSITION_OF_ONE)
        .filter(public_id=public_id)
        .first()
    )  # fmt: skip
    if found is None:
        raise Http404("No such request.")
    return found


def slots_for(lesson_request: LessonRequest, *, day: datetime.date | None = None) -> QuerySet[TeachingSlot]:
    """Slots that could take the request (its instrument, at its school), with the places taken on a day
    (`taken`) and the names its label shows (`lesson_type_name`, `tutor_first_name`, `tutor_last_name`,
    `year_name`): a guide for staff; the offer itself counts again under a lock."""
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
    # The slots' details as names, not five related models a slot: the form writes them into its labels.
    return (
        bookable_slots()
        .filter(instrument=lesson_request.instrument, school=lesson_request.school)
        .annotate(
            taken=Coalesce(Subquery(placed), 0) + Coalesce(Subquery(held), 0),
            lesson_type_name=F("lesson_type__name"),
            tutor_first_name=F("tutor__user__first_name"),
            tutor_last_name=F("tutor__user__last_name"),
            year_name=F("academic_year__name"),
        )
        .annotate(free=F("capacity") - F("taken"))
        .only("public_id", "weekday", "starts_at", "ends_at", "capacity")
        .order_by("academic_year__starts_on", "weekday", "starts_at")
    )
