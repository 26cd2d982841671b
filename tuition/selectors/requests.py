"""A family's side of lessons: what their child's school teaches and at what fee, their requests with
their places in the queue, offers waiting for an answer, and lessons under way. Scoped to the guardian."""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import FilteredRelation, Q
from django.http import Http404
from django.utils import timezone

from hub.billing.remissions import PricedFee
from hub.models import Guardian, InstrumentType, User
from schools.models import Pupil
from schools.selectors.remissions import approved_categories_by_pupil
from tuition.models import Enrolment, LessonRequest, LessonType, Offer, Weekday
from tuition.pricing import termly_fee
from tuition.selectors.slots import bookable_slots
from tuition.selectors.waiting_lists import position_in_queue


@dataclass
class LessonChoice:
    lesson_type: LessonType
    fee: PricedFee


@dataclass
class InstrumentLessons:
    instrument: InstrumentType
    choices: list[LessonChoice] = field(default_factory=list)


def lessons_taught(pupil: Pupil) -> list[InstrumentLessons]:
    """The instruments taught at the child's school, each with its lesson types and termly fee for the
    child after any remission they hold for the lesson type's year."""
    if pupil.school_id is None:
        return []
    slots = (
        bookable_slots()
        .filter(school_id=pupil.school_id)
        .select_related("instrument", "lesson_type__academic_year")
        .order_by("instrument__name", "lesson_type__academic_year__starts_on", "lesson_type__max_pupils")
    )
    found: dict[int, InstrumentLessons] = {}
    seen: set[tuple[int, int]] = set()
    categories: dict[int, list] = {}
    for slot in slots:
        lessons = found.setdefault(slot.instrument_id, InstrumentLessons(slot.instrument))
        lesson_type = slot.lesson_type
        if (slot.instrument_id, lesson_type.pk) in seen:
            continue
        seen.add((slot.instrument_id, lesson_type.pk))
        year = lesson_type.academic_year
        if year.pk not in categories:
            categories[year.pk] = approved_categories_by_pupil([pupil.pk], year).get(pupil.pk, [])
        lessons.choices.append(LessonChoice(lesson_type, termly_fee(lesson_type, categories[year.pk])))
    return list(found.values())


@dataclass(frozen=True)
class FamilyRequest:
    """A child's request for lessons, as the family's page shows it."""

    public_id: UUID
    instrument: str
    lesson_type: str
    status: str
    status_label: str
    position: int
    asked_on: str  # "03/11/2026"
    is_open: bool


@dataclass(frozen=True)
class FamilyOffer:
    """An open offer of a place, as the family's page shows it."""

    public_id: UUID
    instrument: str
    slot: str  # "Tuesdays at 15:00, Hillside Primary School"
    starts_on: str
    expires_on: str
    expires_at: str  # "17:00"


@dataclass
class FamilyEnrolment:
    """Lessons under way, with the slots they are taught in now or will be."""

    public_id: UUID
    instrument: str
    starts_on: str
    ends_on: str  # "" while they continue
    slots: list[str] = field(default_factory=list)  # "Individual, Tuesdays at 15:00, Hillside Primary"


@dataclass
class ChildLessons:
    child: Pupil
    requests: list[FamilyRequest] = field(default_factory=list)
    offers: list[FamilyOffer] = field(default_factory=list)
    enrolments: list[FamilyEnrolment] = field(default_factory=list)


def family_lessons(guardian: Guardian) -> list[ChildLessons]:
    """Each of the guardian's children with their requests (newest first), open offers and enrolments, read
    as plain values: a family's page would otherwise build a model for each school and slot on it."""
    children = {
        child.pk: ChildLessons(child) for child in guardian.children.order_by("first_name", "last_name")
    }
    _add_requests(children)
    _add_offers(children)
    _add_enrolments(children)
    return list(children.values())


def _add_requests(children: dict[int, ChildLessons]) -> None:
    statuses = dict(LessonRequest.Status.choices)
    for row in (
        LessonRequest.objects.filter(pupil__in=children)
        .annotate(position=position_in_queue())
        .order_by("-requested_at")
        .values_list(
            "pupil_id", "public_id", "instrument__name", "lesson_type__name", "status", "position",
            "requested_at", named=True,
        )
    ):  # fmt: skip
        children[row.pupil_id].requests.append(
            FamilyRequest(
                public_id=row.public_id,
                instrument=row.instrument__name,
                lesson_type=row.lesson_type__name,
                status=row.status,
                status_label=statuses[row.status],
                position=row.position,
                asked_on=f"{timezone.localtime(row.requested_at):%d/%m/%Y}",
                is_open=row.status in LessonRequest.OPEN,
            )
        )


def _add_offers(children: dict[int, ChildLessons]) -> None:
    weekdays = dict(Weekday.choices)
    for row in (
        Offer.objects.filter(request__pupil__in=children, status=Offer.Status.OPEN)
        .order_by("expires_at")
        .values_list(
            "request__pupil_id", "public_id", "request__instrument__name", "slot__weekday", "slot__starts_at",
            "slot__school__name", "slot__music_centre", "starts_on", "expires_at", named=True,
        )
    ):  # fmt: skip
        expires = timezone.localtime(row.expires_at)
        children[row.request__pupil_id].offers.append(
            FamilyOffer(
                public_id=row.public_id,
                instrument=row.request__instrument__name,
                slot=f"{weekdays[row.slot__weekday]}s at {row.slot__starts_at:%H:%M}, "
                f"{row.slot__school__name or row.slot__music_centre}",
                starts_on=f"{row.starts_on:%d/%m/%Y}",
                expires_on=f"{expires:%d/%m/%Y}",
                expires_at=f"{expires:%H:%M}",
            )
        )


def _add_enrolments(children: dict[int, ChildLessons]) -> None:
    """Enrolments not yet ended, each with the placements that have no end (one row each, or one row
    without a placement), in one query."""
    today, weekdays = timezone.localdate(), dict(Weekday.choices)
    running = FilteredRelation("placements", condition=Q(placements__ends_on__isnull=True))
    found: dict[int, FamilyEnrolment] = {}
    for row in (
        Enrolment.objects.filter(pupil__in=children)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .annotate(running=running)
        .order_by("starts_on", "pk", "running__starts_on", "running__pk")
        .values_list(
            "pk", "pupil_id", "public_id", "instrument__name", "starts_on", "ends_on",
            "running__slot__weekday", "running__slot__starts_at", "running__slot__school__name",
            "running__slot__music_centre", "running__slot__lesson_type__name", named=True,
        )
    ):  # fmt: skip
        if row.pk not in found:
            found[row.pk] = FamilyEnrolment(
                public_id=row.public_id,
                instrument=row.instrument__name,
                starts_on=f"{row.starts_on:%d/%m/%Y}",
                ends_on=f"{row.ends_on:%d/%m/%Y}" if row.ends_on else "",
            )
            children[row.pupil_id].enrolments.append(found[row.pk])
        if row.running__slot__weekday is not None:
            found[row.pk].slots.append(
                f"{row.running__slot__lesson_type__name}, {weekdays[row.running__slot__weekday]}s at "
                f"{row.running__slot__starts_at:%H:%M}, "
                f"{row.running__slot__school__name or row.running__slot__music_centre}"
            )


def get_request_for(user: User, public_id) -> LessonRequest:
    """One of the signed-in guardian's children's requests, or 404."""
    found = (
        LessonRequest.objects.select_related("pupil", "instrument", "lesson_type", "school")
        .filter(public_id=public_id, pupil__guardians__user=user)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def get_offer_for(user: User, public_id) -> Offer:
    """An offer made to one of the signed-in guardian's children, or 404."""
    found = (
        Offer.objects.select_related(
            "request__pupil__school",
            "request__instrument",
            "slot__school",
            "slot__lesson_type__academic_year",
            "slot__tutor__user",
        )
        .filter(public_id=public_id, request__pupil__guardians__user=user)
        .first()
    )
    if found is None:
        raise Http404("No such offer.")
    return found
