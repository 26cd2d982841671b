"""Reads of enrolments: a family's own (404 for another family's), and staff's lists and pages."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hub.models import AcademicYear, User
from tuition.models import Enrolment, Placement, TeachingSlot
from tuition.schedule import covering, overlapping

SLOT_RELATED = ("slot__school", "slot__instrument", "slot__tutor__user", "slot__lesson_type")


def _with_placements(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    placements = Placement.objects.select_related(*SLOT_RELATED).order_by("starts_on")
    return enrolments.select_related("pupil", "instrument", "payer__user").prefetch_related(
        Prefetch("placements", queryset=placements, to_attr="placement_list")
    )


def placement_on(enrolment: Enrolment, day: datetime.date) -> Placement | None:
    """From the prefetched `placement_list`: the placement running on the day, else the next, else the
    last."""
    placements = enrolment.placement_list  # type: ignore[attr-defined]
    running = [p for p in placements if p.starts_on <= day and (p.ends_on is None or p.ends_on >= day)]
    later = [p for p in placements if p.starts_on > day]
    return (running or later or placements[-1:] or [None])[0]


def family_enrolments(user: User) -> QuerySet[Enrolment]:
    """The lessons of the signed-in parent's children, newest first."""
    return _with_placements(Enrolment.objects.filter(pupil__guardians__user=user)).order_by(
        "pupil__first_name", "-starts_on"
    )


def get_family_enrolment(user: User, public_id) -> Enrolment:
    """One of the parent's children's enrolments, or 404 whatever the reason."""
    enrolment = family_enrolments(user).filter(public_id=public_id).first()
    if enrolment is None:
        raise Http404("No such lessons.")
    return enrolment


def staff_enrolments(
    *, school=None, instrument=None, tutor=None, include_ended: bool = False
) -> QuerySet[Enrolment]:
    """Enrolments for staff, by where and by whom they are taught now or will be (with `include_ended`,
    ever were)."""
    today = timezone.localdate()
    enrolments = Enrolment.objects.all()
    placed = Placement.objects.all() if include_ended else Placement.objects.filter(overlapping(today, None))
    if not include_ended:
        enrolments = enrolments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if school is not None:
        placed = placed.filter(slot__school=school)
    if tutor is not None:
        placed = placed.filter(slot__tutor=tutor)
    if school is not None or tutor is not None:
        enrolments = enrolments.filter(pk__in=placed.values("enrolment_id"))
    if instrument is not None:
        enrolments = enrolments.filter(instrument=instrument)
    return _with_placements(enrolments).order_by("pupil__last_name", "pupil__first_name", "pk")


def get_staff_enrolment(public_id) -> Enrolment:
    enrolment = _with_placements(Enrolment.objects.select_related("notice_given_by", "request")).filter(
        public_id=public_id
    )
    found = enrolment.first()
    if found is None:
        raise Http404("No such enrolment.")
    return found


def slots_for_move(enrolment: Enrolment) -> QuerySet[TeachingSlot]:
    """The slots staff may move the pupil to: the same instrument, taught this year or later."""
    today = timezone.localdate()
    return (
        TeachingSlot.objects.filter(
            instrument_id=enrolment.instrument_id, is_active=True, academic_year__ends_on__gte=today
        )
        .select_related("school", "instrument", "tutor__user", "academic_year", "lesson_type")
        .order_by("academic_year__starts_on", "weekday", "starts_at", "pk")
    )


def running_at_year_end(year: AcademicYear) -> QuerySet[Enrolment]:
    """Enrolments taught in a slot of `year` and still running at its last day: next year's to decide."""
    placed = Placement.objects.filter(slot__academic_year=year).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=year.ends_on)
    )
    return _with_placements(
        Enrolment.objects.filter(covering(year.ends_on), pk__in=placed.values("enrolment_id"))
    ).order_by("pupil__last_name", "pupil__first_name", "pk")
