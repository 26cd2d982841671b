"""factory_boy factories for lessons: lesson types, slots, requests, offers, enrolments and remissions."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from hub.billing.models import RemissionCategory
from hub.models import AcademicYear, StaffProfile, StaffRole
from schools.models import RemissionAward
from tests import factories
from tuition.models import (
    Attendance,
    AttendanceCode,
    Enrolment,
    Lesson,
    LessonRequest,
    LessonType,
    Offer,
    Placement,
    TeachingSlot,
)


def academic_year(start_year: int = 2026) -> AcademicYear:
    """The academic year starting in September of `start_year`, with its three terms."""
    return AcademicYear.objects.filter(starts_on__year=start_year).first() or factories.make_academic_year(
        start_year
    )


class LessonTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonType

    academic_year = factory.LazyFunction(academic_year)
    name = factory.Sequence(lambda n: f"Individual 30 minutes {n}")
    format = LessonType.Format.INDIVIDUAL
    min_pupils = 1
    max_pupils = 1
    minutes = 30
    lessons_per_term = 10
    lessons_per_year = 30
    termly_fee = Decimal("150.00")


def group_lesson_type(**fields) -> LessonType:
    return LessonTypeFactory(
        **{
            "name": "Group of up to 4, 45 minutes",
            "format": LessonType.Format.GROUP,
            "min_pupils": 2,
            "max_pupils": 4,
            "minutes": 45,
            "termly_fee": Decimal("60.00"),
            **fields,
        }
    )


def tutor_profile(**user_fields) -> StaffProfile:
    """A tutor (the group and the staff profile), with an authenticator app."""
    if not Group.objects.filter(name=StaffRole.TUTOR).exists():
        Group.objects.create(name=StaffRole.TUTOR)
    return factories.make_staff(StaffRole.TUTOR, **user_fields).staff_profile


class TeachingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingSlot

    lesson_type = factory.SubFactory(LessonTypeFactory)
    academic_year = factory.SelfAttribute("lesson_type.academic_year")
    tutor = factory.LazyFunction(tutor_profile)
    school = factory.SubFactory(factories.SchoolFactory)
    instrument = factory.SubFactory(factories.InstrumentTypeFactory, name="Violin", slug="violin")
    weekday = 1  # Tuesday
    starts_at = factory.Sequence(lambda n: datetime.time(9 + n % 8, 0))
    ends_at = factory.LazyAttribute(
        lambda o: (
            datetime.datetime.combine(datetime.date.min, o.starts_at) + datetime.timedelta(minutes=30)
        ).time()
    )
    capacity = factory.SelfAttribute("lesson_type.max_pupils")


class LessonRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonRequest

    pupil = factory.SubFactory(factories.PupilFactory)
    instrument = factory.SubFactory(factories.InstrumentTypeFactory, name="Violin", slug="violin")
    lesson_type = factory.SubFactory(LessonTypeFactory)
    school = factory.SelfAttribute("pupil.school")
    requested_by = factory.LazyAttribute(lambda o: o.pupil.guardians.first() or factories.GuardianFactory())
    terms_accepted_at = factory.LazyFunction(timezone.now)
    requested_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    request = factory.SubFactory(LessonRequestFactory, status=LessonRequest.Status.OFFERED)
    slot = factory.SubFactory(TeachingSlotFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    made_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


def enrol(pupil, slot: TeachingSlot, *, starts_on: datetime.date, payer=None) -> Enrolment:
    """An enrolment placed in the slot from `starts_on`, as accepting an offer makes one."""
    enrolment = Enrolment.objects.create(
        pupil=pupil,
        instrument=slot.instrument,
        payer=payer or pupil.guardians.first() or factories.GuardianFactory(),
        starts_on=starts_on,
    )
    Placement.objects.create(
        enrolment=enrolment,
        slot=slot,
        starts_on=starts_on,
        pupil=pupil,
        weekday=slot.weekday,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
    )
    return enrolment


class RemissionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemissionCategory
        django_get_or_create = ["name"]

    name = "Free school meals or pupil premium"
    reason = RemissionCategory.Reason.FSM_PUPIL_PREMIUM
    percent = Decimal("100.00")


class RemissionAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemissionAward

    pupil = factory.SubFactory(factories.PupilFactory)
    category = factory.SubFactory(RemissionCategoryFactory)
    academic_year = factory.LazyFunction(academic_year)
    evidence = "Letter from the school, September 2026"
    status = RemissionAward.Status.APPROVED
    applied_at = factory.LazyFunction(timezone.now)
    decided_at = factory.LazyFunction(timezone.now)


def pin_today(monkeypatch, day: datetime.date) -> None:
    """Make `timezone.localdate()` (with no argument) answer `day`, for every caller, the live server too."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: real(*args, **kwargs) if args else day)


def next_years_slot(slot: TeachingSlot, year: AcademicYear, **fields) -> TeachingSlot:
    """The slot that continues `slot` in `year`: same tutor, school, instrument, weekday and time."""
    lesson_type = fields.pop("lesson_type", None) or LessonTypeFactory(
        academic_year=year, name=slot.lesson_type.name
    )
    return TeachingSlotFactory(
        **{
            "lesson_type": lesson_type,
            "tutor": slot.tutor,
            "school": slot.school,
            "instrument": slot.instrument,
            "weekday": slot.weekday,
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            **fields,
        }
    )


# --- The family billing run (issue 8, point 8) ---------------------------------------------------------


def family_to_bill(guardian, school) -> dict:
    """Pat's family, billed for the autumn term 2026: Amira's individual violin lessons (£150 a term; one
    lesson lost to the hub last summer, so a £15.00 credit) and Sam's group flute lessons (£60 a term; a 50%
    remission capped at £20.00, then the 10% sibling discount on the £40.00 left). Total £171.00."""
    last_year, year = academic_year(2025), academic_year(2026)
    autumn = year.terms.get(kind="autumn")
    summer = last_year.terms.get(kind="summer")
    amira = factories.PupilFactory(first_name="Amira", last_name="Khan", school=school, guardians=[guardian])
    sam = factories.PupilFactory(first_name="Sam", last_name="Khan", school=school, guardians=[guardian])
    tutor = tutor_profile()
    violin_then = TeachingSlotFactory(
        lesson_type=LessonTypeFactory(academic_year=last_year, name="Individual 30 minutes"),
        tutor=tutor,
        school=school,
    )
    violin = TeachingSlotFactory(
        lesson_type=LessonTypeFactory(academic_year=year, name="Individual 30 minutes"),
        tutor=tutor,
        school=school,
        instrument=violin_then.instrument,
    )
    flute = TeachingSlotFactory(
        lesson_type=group_lesson_type(academic_year=year),
        tutor=tutor,
        school=school,
        weekday=3,
        instrument=factories.InstrumentTypeFactory(name="Flute", slug="flute"),
    )
    lessons = enrol(amira, violin_then, starts_on=datetime.date(2026, 4, 14), payer=guardian)
    lessons.placements.update(ends_on=datetime.date(2026, 8, 31))
    Placement.objects.create(
        enrolment=lessons,
        slot=violin,
        starts_on=datetime.date(2026, 9, 1),
        pupil=amira,
        weekday=violin.weekday,
        starts_at=violin.starts_at,
        ends_at=violin.ends_at,
    )
    lost = Lesson.objects.create(slot=violin_then, date=datetime.date(2026, 5, 5), term=summer)
    Attendance.objects.create(
        lesson=lost, enrolment=lessons, code=AttendanceCode.TUTOR_ABSENT, marked_at=timezone.now()
    )
    flute_lessons = enrol(sam, flute, starts_on=datetime.date(2026, 9, 3), payer=guardian)
    capped = RemissionCategoryFactory(
        name="Low household income", reason="low_income", percent=Decimal("50"), cap_per_term=Decimal("20")
    )
    RemissionAwardFactory(pupil=sam, category=capped, academic_year=year)
    return {
        "term": autumn,
        "amira": amira,
        "sam": sam,
        "violin": lessons,
        "flute": flute_lessons,
        "tutor": tutor,
        "total": Decimal("171.00"),
    }


# --- Registers (i8-registers) ----------------------------------------------------------------------------


def year_teaching_on(day: datetime.date) -> AcademicYear:
    """The academic year holding `day`, with a term running over it (stretched if need be, from four weeks
    before the day to a week after), so that a slot on the day's weekday has a lesson that day."""
    start_year = day.year if day.month >= 9 else day.year - 1
    year = academic_year(start_year)
    term = year.terms.filter(starts_on__lte=day, ends_on__gte=day).first() or (
        year.terms.filter(starts_on__lte=day).order_by("-starts_on").first() or year.terms.first()
    )
    # Four weeks of term behind the day and one ahead, so that there are past lessons and a next one.
    term.starts_on = min(term.starts_on, day - datetime.timedelta(days=28))
    term.ends_on = max(term.ends_on, day + datetime.timedelta(days=7))
    term.save()
    return year


def slot_teaching_on(day: datetime.date, **fields) -> TeachingSlot:
    """A slot whose lessons fall on the day's weekday, in the academic year holding the day."""
    year = year_teaching_on(day)
    lesson_type = fields.pop("lesson_type", None) or group_lesson_type(
        academic_year=year, name=f"Group {TeachingSlot.objects.count()}", max_pupils=8, min_pupils=1
    )
    return TeachingSlotFactory(
        lesson_type=lesson_type, weekday=day.weekday(), **{"capacity": lesson_type.max_pupils, **fields}
    )
