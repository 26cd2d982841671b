"""What the demo's lessons are built from, read once from the schools, families, staff and SLAs seeded."""

import datetime
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from hub.calendar import academic_start_year
from hub.dev.demo import signins
from hub.dev.demo.users import DEMO_DOMAIN
from hub.models import AcademicYear, Guardian, InstrumentType, StaffProfile, StaffRole, Term, User
from schools.models import Delivery, EqualityRecord, Pupil, School, SchoolContact, Subscription

FIRST_YEAR_TAUGHT = 1  # Year 1: the hub does not teach Reception children instruments


@dataclass(slots=True)
class PupilRow:
    id: int
    school_id: int | None
    year_group: int
    payer_id: int  # the first of the child's guardians, who asks for and pays for the lessons
    payer_user_id: int
    fsm_or_pp: bool
    looked_after: bool


@dataclass(slots=True)
class TutorRow:
    profile_id: int
    user_id: int
    instrument_ids: tuple[int, ...]


@dataclass(slots=True)
class DemoFamily:
    """The demo parent (their guardian and user) and their children: Ella at primary, Noah at secondary."""

    guardian_id: int
    user_id: int
    ella: PupilRow
    noah: PupilRow


@dataclass
class World:
    today: datetime.date
    year: AcademicYear
    next_year: AcademicYear
    term: Term | None  # the term under way, or the last one this year that has started
    pupils: dict[int, PupilRow]
    by_school: dict[int | None, list[int]]
    school_phase: dict[int, str]
    school_area: dict[int, int | None]
    area_town: dict[int | None, str]
    sla_teaching: set[int]  # schools whose approved SLA includes instrumental teaching
    tutors: list[TutorRow]
    demo_tutor: TutorRow
    demo_tutor_schools: list[int]  # the demo school, Noah's school, then where the tutor delivers the SLA
    demo: DemoFamily
    instruments: dict[str, int]
    staff_user_ids: dict[str, int] = field(default_factory=dict)  # admin and finance, by sign-in label
    zone: datetime.tzinfo = field(default_factory=timezone.get_current_timezone)

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        """A moment on a day, in the hub's time zone (a zoneinfo zone: attaching it is enough)."""
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)


def public_id(rng: random.Random) -> uuid.UUID:
    """A public id drawn from the seeded generator, so that runs repeat."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def load_world(*, today: datetime.date) -> World:
    """Read what lessons need from the seeded hub: a few queries, no per-row work in the database."""
    start = academic_start_year(today)
    year = AcademicYear.objects.get(starts_on__year=start, starts_on__month=9)
    next_year = AcademicYear.objects.get(starts_on__year=start + 1, starts_on__month=9)
    term = Term.objects.filter(academic_year=year, starts_on__lte=today).order_by("-starts_on").first()
    schools = School.objects.exclude(status=School.Status.CLOSED).exclude(number_on_roll=None)
    school_rows = list(schools.values_list("pk", "phase", "area_id", "area__name").order_by("urn"))
    pupils = _pupils(year)
    by_school: dict[int | None, list[int]] = defaultdict(list)
    for pupil in pupils.values():
        if pupil.year_group >= FIRST_YEAR_TAUGHT:
            by_school[pupil.school_id].append(pupil.id)
    users = dict(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "pk"))
    tutors = _tutors()
    demo_tutor = next(t for t in tutors if t.user_id == users[signins.TUTOR.email])
    demo = _demo_family(pupils, users[signins.PARENT.email])
    demo_school = SchoolContact.objects.get(user__email=signins.SCHOOL.email).school_id
    return World(
        today=today,
        year=year,
        next_year=next_year,
        term=term,
        pupils=pupils,
        by_school=dict(by_school),
        school_phase={pk: phase for pk, phase, _, _ in school_rows},
        school_area={pk: area for pk, _, area, _ in school_rows},
        area_town={area: f"{name.split(' ')[0]} Music Centre" for _, _, area, name in school_rows},
        sla_teaching=_sla_teaching(),
        tutors=[t for t in tutors if t is not demo_tutor],
        demo_tutor=demo_tutor,
        demo_tutor_schools=_demo_tutor_schools(demo_school, demo, users[signins.TUTOR.email]),
        demo=demo,
        instruments=dict(InstrumentType.objects.values_list("name", "pk")),
        staff_user_ids={s.label: users[s.email] for s in (signins.ADMIN, signins.FINANCE)},
    )


def _pupils(year: AcademicYear) -> dict[int, PupilRow]:
    first_guardian: dict[int, int] = {}
    links = Pupil.guardians.through.objects.order_by("guardian_id").values_list("pupil_id", "guardian_id")
    for pupil_id, guardian_id in links:
        first_guardian.setdefault(pupil_id, guardian_id)
    guardian_users = dict(Guardian.objects.values_list("pk", "user_id"))
    equality = {
        pupil_id: (bool(fsm) or bool(pp), bool(looked_after))
        for pupil_id, fsm, pp, looked_after in EqualityRecord.objects.values_list(
            "pupil_id", "free_school_meals", "pupil_premium", "looked_after"
        )
    }
    rows = {}
    for pk, school_id, born in Pupil.objects.order_by("pk").values_list("pk", "school_id", "date_of_birth"):
        if pk not in first_guardian:
            continue
        fsm_or_pp, looked_after = equality.get(pk, (False, False))
        rows[pk] = PupilRow(
            id=pk,
            school_id=school_id,
            year_group=year.year_group_of(born),
            payer_id=first_guardian[pk],
            payer_user_id=guardian_users[first_guardian[pk]],
            fsm_or_pp=fsm_or_pp,
            looked_after=looked_after,
        )
    return rows


def _tutors() -> list[TutorRow]:
    taught: dict[int, list[int]] = defaultdict(list)
    through = StaffProfile.instruments.through.objects.order_by("pk")
    for profile_id, instrument_id in through.values_list("staffprofile_id", "instrumenttype_id"):
        taught[profile_id].append(instrument_id)
    profiles = (
        StaffProfile.objects.filter(user__groups__name=StaffRole.TUTOR)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    return [TutorRow(pk, user_id, tuple(taught[pk])) for pk, user_id in profiles if taught[pk]]


def _demo_family(pupils: dict[int, PupilRow], parent_user_id: int) -> DemoFamily:
    guardian = Guardian.objects.get(user_id=parent_user_id)
    children = sorted(
        (pupils[pk] for pk in guardian.children.values_list("pk", flat=True)), key=lambda p: p.year_group
    )
    return DemoFamily(guardian_id=guardian.pk, user_id=parent_user_id, ella=children[0], noah=children[-1])


def _sla_teaching() -> set[int]:
    bought = Q(package__services__code="instrumental") | Q(lines__service__code="instrumental")
    approved = Subscription.objects.filter(bought, status=Subscription.Status.APPROVED)
    return set(approved.values_list("school_id", flat=True))


def _demo_tutor_schools(demo_school: int, demo: DemoFamily, tutor_user_id: int) -> list[int]:
    delivered = (
        Delivery.objects.filter(delivered_by_id=tutor_user_id)
        .order_by("subscription__school__urn")
        .values_list("subscription__school_id", flat=True)
    )
    schools = [demo_school, demo.noah.school_id, *delivered]
    return [pk for pk in dict.fromkeys(schools) if pk is not None]
