"""Writes about what the hub teaches: lesson types and their fees for a year, and tutors' teaching slots."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AcademicYear, AuditEvent, StaffRole, User
from tuition.errors import TuitionError
from tuition.models import LessonType, Placement, TeachingSlot
from tuition.schedule import covering

LESSON_TYPE_FIELDS = [
    "name",
    "format",
    "min_pupils",
    "max_pupils",
    "minutes",
    "lessons_per_term",
    "lessons_per_year",
    "termly_fee",
]
SLOT_FIELDS = [
    "tutor",
    "school",
    "music_centre",
    "instrument",
    "lesson_type",
    "weekday",
    "starts_at",
    "ends_at",
    "capacity",
    "school_pays",
]
TUTOR_CLASH = "The tutor already teaches at that time on that day"
PUPIL_CLASH = "A pupil in this slot already has another lesson at that time on that day."


class SlotError(TuitionError):
    """A lesson type or slot that cannot be saved, with the field the reason is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_lesson_type(lesson_type: LessonType) -> None:
    if lesson_type.format == LessonType.Format.INDIVIDUAL and lesson_type.max_pupils != 1:
        raise SlotError(
            "An individual lesson is for one pupil: make the largest group 1.", field="max_pupils"
        )
    if lesson_type.max_pupils < lesson_type.min_pupils:
        raise SlotError("The largest group must be at least the smallest.", field="max_pupils")
    if lesson_type.lessons_per_year < lesson_type.lessons_per_term:
        raise SlotError("A year guarantees at least as many lessons as a term.", field="lessons_per_year")


def _save_lesson_type(lesson_type: LessonType) -> None:
    _check_lesson_type(lesson_type)
    if (
        LessonType.objects.filter(academic_year=lesson_type.academic_year, name__iexact=lesson_type.name)
        .exclude(pk=lesson_type.pk)
        .exists()
    ):
        raise SlotError(f"{lesson_type.academic_year} already has a lesson type of that name.", field="name")
    lesson_type.save()


@transaction.atomic
def create_lesson_type(*, academic_year: AcademicYear, data: dict, by: User) -> LessonType:
    """A new kind of lesson, with its termly fee, for an academic year."""
    lesson_type = LessonType(academic_year=academic_year, **{name: data[name] for name in LESSON_TYPE_FIELDS})
    _save_lesson_type(lesson_type)
    record_change(actor=by, instance=lesson_type, action=AuditEvent.Action.CREATED)
    return lesson_type


@transaction.atomic
def update_lesson_type(*, lesson_type: LessonType, data: dict, by: User) -> LessonType:
    """Change a lesson type's name, size, length, guaranteed lessons or fee."""
    lesson_type = LessonType.objects.select_for_update().get(pk=lesson_type.pk)
    before = snapshot(lesson_type, LESSON_TYPE_FIELDS)
    for name in LESSON_TYPE_FIELDS:
        setattr(lesson_type, name, data[name])
    largest_slot = max(lesson_type.slots.filter(is_active=True).values_list("capacity", flat=True), default=0)
    if largest_slot > lesson_type.max_pupils:
        raise SlotError(
            f"A slot of this lesson type has room for {largest_slot}: lower its capacity first.",
            field="max_pupils",
        )
    _save_lesson_type(lesson_type)
    after = snapshot(lesson_type, LESSON_TYPE_FIELDS)
    record_change(
        actor=by, instance=lesson_type, action=AuditEvent.Action.UPDATED, before=before, after=after
    )
    return lesson_type


def _check_slot(slot: TeachingSlot) -> None:
    if not slot.tutor.user.groups.filter(name=StaffRole.TUTOR).exists():
        raise SlotError(f"{slot.tutor} is not a tutor.", field="tutor")
    if slot.lesson_type.academic_year_id != slot.academic_year_id:
        raise SlotError("Choose a lesson type of the slot's academic year.", field="lesson_type")
    if (slot.school is None) == (not slot.music_centre):
        raise SlotError("Give a school or a music centre, not both.", field="school")
    if slot.school_pays and slot.school is None:
        raise SlotError("Only a slot at a school can be paid for by the school.", field="school_pays")
    if slot.ends_at <= slot.starts_at:
        raise SlotError("The lesson must end after it starts.", field="ends_at")
    low, high = slot.lesson_type.min_pupils, slot.lesson_type.max_pupils
    if not low <= slot.capacity <= high:
        name = slot.lesson_type.name
        if high == 1:
            message = f"{name} is for one pupil: give the slot 1 place."
        elif low == high:
            message = f"{name} is for groups of {low}: give the slot {low} places."
        else:
            message = f"{name} is for groups of {low} to {high} pupils: give the slot {low} to {high} places."
        raise SlotError(message, field="capacity")


def _save_slot(slot: TeachingSlot) -> None:
    """Save, turning the database's refusal of a tutor (or pupil) in two places at once into a message."""
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError as error:
        if "tutor_in_one_slot_at_a_time" in str(error):
            raise SlotError(_clash_message(slot), field="starts_at") from error
        raise


def _clash_message(slot: TeachingSlot) -> str:
    """The clash, naming the slot the tutor already teaches then, so that staff can see what to move."""
    clash = (
        TeachingSlot.objects.filter(
            tutor=slot.tutor,
            academic_year=slot.academic_year,
            weekday=slot.weekday,
            is_active=True,
            starts_at__lt=slot.ends_at,
            ends_at__gt=slot.starts_at,
        )
        .exclude(pk=slot.pk)
        .select_related("school", "instrument")
        .first()
    )
    if clash is None:
        return f"{TUTOR_CLASH}."
    when = f"{clash.starts_at:%H:%M} to {clash.ends_at:%H:%M}"
    return f"{TUTOR_CLASH}: {when}, {clash.instrument} at {clash.place}."


@transaction.atomic
def create_slot(*, academic_year: AcademicYear, data: dict, by: User) -> TeachingSlot:
    """A tutor's weekly lesson at a school or music centre, for an academic year."""
    slot = TeachingSlot(academic_year=academic_year, **{name: data[name] for name in SLOT_FIELDS})
    _check_slot(slot)
    _save_slot(slot)
    record_change(actor=by, instance=slot, action=AuditEvent.Action.CREATED)
    return slot


def _placed(slot: TeachingSlot):
    """The slot's placements that run today or later."""
    today = timezone.localdate()
    return Placement.objects.filter(covering(today) | Q(starts_on__gt=today), slot=slot)


def _slot_snapshot(slot: TeachingSlot) -> dict:
    """The slot's fields for the audit trail, times as 10:15."""
    values = snapshot(slot, SLOT_FIELDS)
    return {
        name: f"{value:%H:%M}" if isinstance(value, datetime.time) else value
        for name, value in values.items()
    }


@transaction.atomic
def update_slot(*, slot: TeachingSlot, data: dict, by: User) -> TeachingSlot:
    """Change a slot; the pupils placed in it move with its day and times."""
    slot = TeachingSlot.objects.select_for_update().select_related("tutor__user").get(pk=slot.pk)
    before = _slot_snapshot(slot)
    for name in SLOT_FIELDS:
        setattr(slot, name, data[name])
    _check_slot(slot)
    placed = _placed(slot)
    pupils = placed.values("pupil").distinct().count()
    if pupils > slot.capacity:
        raise SlotError(
            f"{pupils} pupils are placed in this slot: it needs room for them all.", field="capacity"
        )
    _save_slot(slot)
    try:
        with transaction.atomic():
            placed.update(weekday=slot.weekday, starts_at=slot.starts_at, ends_at=slot.ends_at)
    except IntegrityError as error:
        if "pupil_in_one_lesson_at_a_time" in str(error):
            raise SlotError(PUPIL_CLASH, field="starts_at") from error
        raise
    after = _slot_snapshot(slot)
    record_change(actor=by, instance=slot, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return slot


@transaction.atomic
def deactivate_slot(*, slot: TeachingSlot, by: User) -> TeachingSlot:
    """Take a slot out of the timetable: only once no pupil is placed in it from today on."""
    slot = TeachingSlot.objects.select_for_update().get(pk=slot.pk)
    if not slot.is_active:
        raise TuitionError("This slot is already out of the timetable.")
    if _placed(slot).exists():
        raise TuitionError("Pupils are placed in this slot: move them to another slot first.")
    slot.is_active = False
    slot.save(update_fields=["is_active"])
    record_change(
        actor=by,
        instance=slot,
        action=AuditEvent.Action.UPDATED,
        before={"is_active": True},
        after={"is_active": False},
    )
    return slot
