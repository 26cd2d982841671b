"""Reads of enrolments: a family's own (404 for another family's), and staff's lists and pages."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hub.models import AcademicYear, InstrumentType, User
from hub.pagination import with_count
from tuition.models import Enrolment, LeaveReason, Placement, TeachingSlot, Weekday
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
    return _placement_on(enrolment.placement_list, day)  # type: ignore[attr-defined]


def _placement_on(placements: list, day: datetime.date):
    """Of placements (or rows with their dates) in date order: the one running on the day, else the next,
    else the last."""
    running = [p for p in placements if p.starts_on <= day and (p.ends_on is None or p.ends_on >= day)]
    later = [p for p in placements if p.starts_on > day]
    return (running or later or placements[-1:] or [None])[0]


def family_enrolments(user: User) -> QuerySet[Enrolment]:
    """The lessons of the signed-in parent's children, newest first."""
    return _with_placements(Enrolment.objects.filter(pupil__guardians__user=user)).order_by(
        "pupil__first_name", "-starts_on"
    )


def family_lesson_links(pupil_ids: Collection[int]) -> list[Enrolment]:
    """The family home's links to each child's lessons (the family's children, as the home read them): only
    what a link names (one query, no placements, no join back through the family)."""
    return list(
        Enrolment.objects.filter(pupil_id__in=pupil_ids)
        .select_related("pupil", "instrument")
        .only("public_id", "ends_on", "pupil__first_name", "instrument__name")
        .order_by("pupil__first_name", "-starts_on")
    )


def get_family_enrolment(user: User, public_id) -> Enrolment:
    """One of the parent's children's enrolments, or 404 whatever the reason."""
    enrolment = family_enrolments(user).filter(public_id=public_id).first()
    if enrolment is None:
        raise Http404("No such lessons.")
    return enrolment


def staff_enrolments(
    *, school=None, school_search: str = "", instrument=None, tutor=None, include_ended: bool = False
) -> QuerySet[Enrolment]:
    """Enrolments for staff, by where and by whom they are taught now or will be (with `include_ended`,
    ever were). `school_search` is part of a school's name, or its URN. Unordered: count them as they
    stand, and page them `in_name_order`."""
    today = timezone.localdate()
    enrolments = Enrolment.objects.all()
    placed = Placement.objects.all() if include_ended else Placement.objects.filter(overlapping(today, None))
    if not include_ended:
        enrolments = enrolments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if school is not None:
        placed = placed.filter(slot__school=school)
    if school_search.isdigit():
        placed = placed.filter(slot__school__urn=int(school_search))
    elif school_search:
        placed = placed.filter(slot__school__name__icontains=school_search)
    if tutor is not None:
        placed = placed.filter(slot__tutor_id=tutor.pk)
    if school is not None or school_search or tutor is not None:
        enrolments = enrolments.filter(pk__in=placed.values("enrolment_id"))
    if instrument is not None:
        enrolments = enrolments.filter(instrument_id=instrument.pk)
    return enrolments


def in_name_order(enrolments: QuerySet[Enrolment]) -> QuerySet:
    """Rows of the enrolments in pupils' name order (from the pupil_by_name index), each with the values
    `as_listed` shows and the list's length (`total`, for page_of): a page is counted, sorted and read in
    one query. The count is of `enrolments` themselves, before the joins: PostgreSQL would join every
    pupil to count these rows."""
    return (
        with_count(enrolments)
        .order_by("pupil__last_name", "pupil__first_name", "pk")
        .values_list(
            "pk", "public_id", "pupil__first_name", "pupil__last_name", "instrument__name", "starts_on",
            "ends_on", "leave_reason", "total", named=True,
        )
    )  # fmt: skip


@dataclass(frozen=True)
class Listed:
    """One row of the staff's enrolment list, as the page shows it."""

    url: str
    pupil_name: str
    instrument: str
    slot: str  # "Tuesday 15:00, Hillside Primary School", or "—"
    tutor: str
    started: str
    ends: str  # "Continuing", or the date and why


ZERO_ID = UUID(int=0)


def as_listed(rows: Iterable, *, today: datetime.date) -> list[Listed]:
    """A page of staff_enrolments' rows as the list shows it, each with the slot it is taught in today (else
    its next, else its last) from one more query of plain values, dates written and links made here: fifty
    enrolments with their placements would be six hundred models, and a tag a cell costs more than the SQL."""
    rows = list(rows)
    placements: dict[int, list] = {row.pk: [] for row in rows}
    for placement in (
        Placement.objects.filter(enrolment_id__in=placements)
        .order_by("starts_on")
        .values_list(
            "enrolment_id", "starts_on", "ends_on", "slot__weekday", "slot__starts_at", "slot__school__name",
            "slot__music_centre", "slot__tutor__user__first_name", "slot__tutor__user__last_name", named=True,
        )
    ):  # fmt: skip
        placements[placement.enrolment_id].append(placement)
    # One reverse() for the page, not one a row: the rows differ only in the enrolment's id.
    url = reverse("tuition:staff-enrolment", args=[ZERO_ID])
    return [_listed(row, _placement_on(placements[row.pk], today), url) for row in rows]


_WEEKDAYS, _REASONS = dict(Weekday.choices), dict(LeaveReason.choices)


def _listed(row, placement, url: str) -> Listed:
    ends = "Continuing"
    if row.ends_on:
        ends = f"{row.ends_on:%d/%m/%Y}" + (f" ({_REASONS[row.leave_reason]})" if row.leave_reason else "")
    return Listed(
        url=url.replace(str(ZERO_ID), str(row.public_id)),
        pupil_name=f"{row.pupil__first_name} {row.pupil__last_name}",
        instrument=row.instrument__name,
        slot=f"{_WEEKDAYS[placement.slot__weekday]} {placement.slot__starts_at:%H:%M}, "
        f"{placement.slot__school__name or placement.slot__music_centre}"
        if placement
        else "—",
        tutor=f"{placement.slot__tutor__user__first_name} {placement.slot__tutor__user__last_name}"
        if placement
        else "—",
        started=f"{row.starts_on:%d/%m/%Y}",
        ends=ends,
    )


def instruments_taught() -> QuerySet:
    """(pk, name) rows of the instruments some slot teaches, for the staff's filter."""
    return (
        InstrumentType.objects.filter(pk__in=TeachingSlot.objects.values("instrument_id"))
        .order_by("name")
        .values_list("pk", "name", named=True)
    )


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
