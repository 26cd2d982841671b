"""A family's side of lessons: what their child's school teaches and at what fee, their requests with
their places in the queue, offers waiting for an answer, and lessons under way. Scoped to the guardian."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from hub.billing.remissions import PricedFee
from hub.models import Guardian, InstrumentType, User
from schools.models import Pupil
from schools.selectors.remissions import approved_categories_by_pupil
from tuition.models import Enrolment, LessonRequest, LessonType, Offer
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


@dataclass
class ChildLessons:
    child: Pupil
    requests: list[LessonRequest] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)


def family_lessons(guardian: Guardian) -> list[ChildLessons]:
    """Each of the guardian's children with their requests (open first), open offers and enrolments."""
    children = {
        child.pk: ChildLessons(child)
        for child in guardian.children.select_related("school").order_by("first_name", "last_name")
    }
    requests = (
        LessonRequest.objects.filter(pupil__in=children)
        .select_related("instrument", "lesson_type", "school")
        .annotate(position=position_in_queue())
        .order_by("-requested_at")
    )
    for lesson_request in requests:
        children[lesson_request.pupil_id].requests.append(lesson_request)
    offers = (
        Offer.objects.filter(request__pupil__in=children, status=Offer.Status.OPEN)
        .select_related("request__instrument", "slot__school", "slot__lesson_type")
        .order_by("expires_at")
    )
    for offer in offers:
        children[offer.request.pupil_id].offers.append(offer)
    today = timezone.localdate()
    enrolments = (
        Enrolment.objects.filter(pupil__in=children)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("instrument")
        .prefetch_related("placements__slot__school", "placements__slot__lesson_type")
        .order_by("starts_on")
    )
    for enrolment in enrolments:
        children[enrolment.pupil_id].enrolments.append(enrolment)
    return list(children.values())


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
