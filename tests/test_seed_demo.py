"""seed_demo builds a realistic hub once, deterministically, with a working sign-in for every role."""

import datetime
import io
import re
import time
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from hub.access import needs_two_factor, staff_roles
from hub.billing.family import family_account_for
from hub.billing.models import Invoice, RemissionCategory
from hub.calendar import academic_start_year
from hub.dev.demo import signins
from hub.dev.demo.builder import SeedResult, seed_demo_hub
from hub.dev.demo.families import family_specs
from hub.dev.demo.scale import FULL, SMALL
from hub.dev.demo.school_year import ensure_calendar, year_dates
from hub.dev.demo.schools import school_specs
from hub.dev.demo.staff import tutor_specs
from hub.models import (
    AcademicYear,
    Area,
    ClosureDay,
    FinancialYear,
    Guardian,
    InstrumentType,
    OutgoingEmail,
    StaffProfile,
    StaffRole,
    Term,
    TermBreak,
    User,
)
from schools.models import EqualityRecord, Pupil, RemissionAward, School, SchoolContact
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
from tuition.schedule import covering, lesson_dates

TODAY = datetime.date(2026, 11, 22)
# A fixed instant, so a code cannot roll over between being printed and being checked.
FROZEN_TIME = 1_795_000_017.0


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    models = [
        User,
        EmailAddress,
        Guardian,
        Pupil,
        Pupil.guardians.through,
        EqualityRecord,
        School,
        SchoolContact,
        Area,
        AcademicYear,
        Term,
        TermBreak,
        ClosureDay,
        FinancialYear,
        InstrumentType,
        StaffProfile,
        StaffProfile.instruments.through,
        User.groups.through,
        Authenticator,
        Group,
        LessonType,
        TeachingSlot,
        Enrolment,
        Placement,
        LessonRequest,
        Offer,
        Lesson,
        Attendance,
        RemissionCategory,
        RemissionAward,
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture(autouse=True)
def _developer_machine(settings):
    # The demo accounts share a published password and code, so seed_demo runs only with DEBUG on.
    settings.DEBUG = True


@pytest.fixture
def small_hub(db):
    return seed("--small")


def test_it_refuses_to_run_on_a_live_portal_unless_told_to(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        seed("--small")
    assert not User.objects.exists()
    assert signins.ADMIN.email in seed("--small", "--allow-production")


def test_small_hub_prints_and_builds_a_sign_in_for_every_role(small_hub):
    for sign_in in signins.DEMO_SIGNINS:
        assert sign_in.email in small_hub
        user = authenticate(email=sign_in.email, password=signins.DEMO_PASSWORD)
        assert user is not None, sign_in.email
        assert EmailAddress.objects.filter(
            user=user, email=sign_in.email, verified=True, primary=True
        ).exists()
        if sign_in.is_staff:
            assert sign_in.role in staff_roles(user)
            assert StaffProfile.objects.filter(user=user).exists()
    assert f"secret {signins.DEMO_TOTP_SECRET}" in small_hub
    assert "python manage.py demo_totp" in small_hub
    admin = User.objects.get(email=signins.ADMIN.email)
    assert admin.is_staff and admin.is_superuser


def test_demo_parent_has_two_children_with_equality_records_and_the_school_contact_may_order(small_hub):
    guardian = Guardian.objects.get(user__email=signins.PARENT.email)
    assert guardian.billing_address_lines
    children = list(guardian.children.all())
    assert len(children) == 2
    assert all(EqualityRecord.objects.filter(pupil=child).exists() for child in children)
    contact = SchoolContact.objects.get(user__email=signins.SCHOOL.email)
    assert contact.role == SchoolContact.Role.BUSINESS_MANAGER and contact.can_order
    assert contact.school.is_open


def test_every_demo_staff_account_has_the_demo_authenticator(small_hub):
    for sign_in in signins.STAFF_SIGNINS:
        user = User.objects.get(email=sign_in.email)
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert totp.wrap().instance.data["secret"] == signins.DEMO_TOTP_SECRET
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
        assert is_mfa_enabled(user)
        assert not needs_two_factor(user)
    parent = User.objects.get(email=signins.PARENT.email)
    assert not Authenticator.objects.filter(user=parent).exists()


def test_demo_admin_signs_in_with_password_and_the_demo_totp_code(small_hub, client, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME)
    response = client.post(
        reverse("account_login"), {"login": signins.ADMIN.email, "password": signins.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    code, _ = signins.current_code()
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("hub:staff-home")).status_code == 200


def test_seeded_families_and_tutors_cannot_sign_in_with_a_password(small_hub):
    family = User.objects.filter(email__endswith="@families.musichub.test")
    tutors = User.objects.filter(email__endswith="@staff.musichub.test")
    assert family.exists() and tutors.exists()
    assert not any(user.has_usable_password() for user in [*family, *tutors])


def test_running_it_again_adds_nothing_and_still_prints_the_sign_ins(small_hub):
    before = table_counts()
    output = seed("--small")
    assert table_counts() == before
    assert "nothing was added" in output
    assert signins.ADMIN.email in output


def test_a_full_seed_after_a_small_one_reports_the_hub_already_seeded(small_hub):
    before = table_counts()
    output = seed()
    assert "nothing was added" in output
    assert table_counts() == before


def test_small_hub_has_the_calendar_catalogue_and_staff(small_hub):
    start = academic_start_year(timezone.localdate())
    years = AcademicYear.objects.filter(starts_on__year__in=[start, start + 1])
    assert years.count() == 2
    for year in years:
        assert sorted(year.terms.values_list("kind", flat=True)) == ["autumn", "spring", "summer"]
        assert all(term.breaks.count() == 1 for term in year.terms.all())
        assert year.closures.count() >= 2
    assert FinancialYear.objects.count() == 2
    assert InstrumentType.objects.count() >= 25
    assert not InstrumentType.objects.filter(family="voice", hireable=True).exists()
    assert set(InstrumentType.objects.get(slug="violin").sizes) >= {"1/16", "1/2", "4/4"}
    assert Group.objects.get(name=StaffRole.TUTOR).user_set.count() == SMALL.tutors
    for role in StaffRole.values:
        assert Group.objects.get(name=role).user_set.exists(), role
    tutor_profiles = StaffProfile.objects.filter(user__groups__name=StaffRole.TUTOR)
    assert all(profile.instruments.exists() and profile.dbs_checked_on for profile in tutor_profiles)


def test_small_hub_schools_and_pupils_are_consistent(small_hub):
    assert Area.objects.count() == SMALL.areas
    schools = School.objects.all()
    assert schools.count() == SMALL.schools
    assert all(100_000 <= school.urn <= 999_999 for school in schools)
    for school in schools.exclude(number_on_roll=None):
        assert school.boys + school.girls == school.number_on_roll
        assert school.area_id and school.la_name == "Northshire" and school.postcode.startswith("NS")
    assert Guardian.objects.count() == SMALL.guardians
    pupils = Pupil.objects.select_related("school")
    assert 30 <= pupils.count() <= 60
    year = AcademicYear.objects.get(starts_on__year=academic_start_year(timezone.localdate()))
    for pupil in pupils:
        assert pupil.guardians.exists()
        assert 0 <= pupil.year_group(year) <= 13
        assert pupil.school is None or pupil.school.status != School.Status.CLOSED
    records = EqualityRecord.objects.all()
    assert records.count() >= 0.6 * pupils.count()
    assert records.filter(free_school_meals=True).count() <= 0.6 * records.count()
    assert not records.filter(free_school_meals=True, pupil_premium=False).exists()
    assert not records.filter(ethnicity="").exists() and not records.filter(gender="").exists()


def test_same_seed_gives_the_same_schools_tutors_and_families():
    first, again = school_specs(scale=FULL), school_specs(scale=FULL)
    assert [(s.urn, s.name) for s in first] == [(s.urn, s.name) for s in again]
    assert [s.urn for s in school_specs(scale=FULL, seed=7)] != [s.urn for s in first]
    assert tutor_specs(scale=FULL, today=TODAY) == tutor_specs(scale=FULL, today=TODAY)
    families = [family_specs(scale=SMALL, schools=school_specs(scale=SMALL), start_year=2026, today=TODAY)]
    families.append(
        family_specs(scale=SMALL, schools=school_specs(scale=SMALL), start_year=2026, today=TODAY)
    )
    assert list(families[0]) == list(families[1])


def test_full_scale_schools_look_like_a_county_register():
    specs = school_specs(scale=FULL)
    assert len(specs) == 500
    assert len({s.urn for s in specs}) == 500
    open_specs = [s for s in specs if s.status != School.Status.CLOSED]
    assert len({s.name for s in open_specs}) == len(open_specs)
    phases = Counter(s.phase for s in specs)
    assert 0.74 <= phases["Primary"] / 500 <= 0.82
    assert 0.11 <= phases["Secondary"] / 500 <= 0.15
    assert 0.03 <= phases["Special"] / 500 <= 0.05
    primary_rolls = [
        s.roll for s in open_specs if s.phase == "Primary" and s.roll and s.high_age == 11 and s.low_age <= 4
    ]
    assert 240 <= sum(primary_rolls) / len(primary_rolls) <= 320
    assert all(500 <= s.roll <= 1900 for s in open_specs if s.phase == "Secondary")
    assert 3 <= sum(s.status == School.Status.CLOSED for s in specs) <= 10


def test_full_scale_families_follow_england_shares():
    specs = school_specs(scale=FULL)
    families = list(family_specs(scale=FULL, schools=specs, start_year=2026, today=TODAY))
    assert sum(len(f.guardians) for f in families) == FULL.guardians - 1
    children = [child for family in families for child in family.children]
    assert 18_000 <= len(children) <= 22_000
    records = [child.equality for child in children if child.equality]
    assert 0.8 <= len(records) / len(children) <= 0.9

    def share(test) -> float:
        return sum(1 for record in records if test(record)) / len(records)

    assert 0.20 <= share(lambda r: r.free_school_meals) <= 0.26
    assert share(lambda r: r.free_school_meals) < share(lambda r: r.pupil_premium) <= 0.33
    assert 0.11 <= share(lambda r: r.send == "K") <= 0.15
    assert 0.035 <= share(lambda r: r.send == "E") <= 0.065
    assert 0.002 <= share(lambda r: r.looked_after) <= 0.01
    assert 0.58 <= share(lambda r: r.ethnicity == "WBRI") <= 0.68
    assert 0.03 <= share(lambda r: r.ethnicity == "APKN") <= 0.07
    assert 0.47 <= share(lambda r: r.gender == "F") <= 0.51
    at_closed = [c for c in children if c.school_index is not None and not specs[c.school_index].takes_pupils]
    assert not at_closed
    assert 0.005 <= sum(1 for c in children if c.school_index is None) / len(children) <= 0.03


def test_term_dates_are_english_and_hold_together():
    for start_year in range(2025, 2035):
        dates = year_dates(start_year)
        assert dates.name == f"{start_year}/{str(start_year + 1)[-2:]}"
        previous_end = dates.starts_on
        for term in dates.terms:
            assert previous_end <= term.starts_on < term.half_term[0] <= term.half_term[1] < term.ends_on
            assert term.starts_on.weekday() < 5 and term.ends_on.weekday() < 5
            previous_end = term.ends_on
        assert previous_end <= dates.ends_on
        for day, _ in dates.closures:
            assert day.weekday() < 5
            assert any(term.starts_on <= day <= term.ends_on for term in dates.terms)


def test_calendar_covers_this_and_next_academic_and_financial_year(db):
    years = ensure_calendar(today=datetime.date(2027, 2, 1))
    assert [year.name for year in years] == ["2026/27", "2027/28"]
    assert list(FinancialYear.objects.values_list("name", "starts_on")) == [
        ("2026-27", datetime.date(2026, 4, 1)),
        ("2027-28", datetime.date(2027, 4, 1)),
    ]
    ensure_calendar(today=datetime.date(2027, 2, 1))
    assert Term.objects.count() == 6 and TermBreak.objects.count() == 6


def test_demo_totp_prints_a_code_that_allauth_accepts(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME)
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    code = re.search(r"\b(\d{6})\b", out.getvalue()).group(1)
    assert validate_totp_code(signins.DEMO_TOTP_SECRET, code)
    assert f"Valid for {30 - int(FROZEN_TIME) % 30} more seconds" in out.getvalue()


def test_each_demo_sign_in_lands_on_its_own_home_page(small_hub, client, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME)
    homes = {signins.PARENT.email: "My family", signins.SCHOOL.email: "My schools"}
    for sign_in in signins.DEMO_SIGNINS:
        response = client.post(
            reverse("account_login"), {"login": sign_in.email, "password": signins.DEMO_PASSWORD}
        )
        assert response.status_code == 302, sign_in.email
        if sign_in.is_staff:
            assert response.url == reverse("mfa_authenticate"), sign_in.email
            client.post(reverse("mfa_authenticate"), {"code": signins.current_code()[0]})
        page = client.get("/", follow=True)
        heading = homes.get(sign_in.email, "Staff home")
        assert f">{heading}</h1>" in page.content.decode(), sign_in.email
        if sign_in.is_staff:
            assert f">{sign_in.role}</h2>" in page.content.decode()
        client.logout()


# Lessons. A Monday in the autumn term, a Saturday (the demo tutor teaches at the music centre at weekends)
# and the first day of the Christmas holiday, when nobody has lessons.
TERM_MONDAY = datetime.date(2026, 11, 23)
TERM_SATURDAY = datetime.date(2026, 11, 28)
HOLIDAY = datetime.date(2026, 12, 21)


def seed_small_on(day: datetime.date) -> SeedResult:
    return seed_demo_hub(scale=SMALL, today=day)


@pytest.mark.parametrize("day", [TERM_MONDAY, TERM_SATURDAY])
def test_demo_tutor_has_lessons_today_left_to_mark_and_earlier_ones_too(db, day):
    seed_small_on(day)
    tutor = StaffProfile.objects.get(user__email=signins.TUTOR.email)
    assert set(TeachingSlot.objects.filter(tutor=tutor).values_list("weekday", flat=True)) == set(range(7))
    today = TeachingSlot.objects.filter(tutor=tutor, weekday=day.weekday())
    pupils_today = Placement.objects.filter(covering(day), slot__in=today)
    assert pupils_today.exists()
    assert not Attendance.objects.filter(lesson__slot__tutor=tutor, lesson__date__gte=day).exists()
    term = Term.objects.get(starts_on__lte=day, ends_on__gte=day)
    taught_before = {
        d for slot in TeachingSlot.objects.filter(tutor=tutor) for d in lesson_dates(slot, term) if d < day
    }
    marked = set(Lesson.objects.filter(slot__tutor=tutor).values_list("date", flat=True))
    assert marked and marked < taught_before, "some past registers are marked and a couple are not"
    assert max(taught_before - marked) > max(marked)


def test_outside_term_the_seed_says_the_demo_tutor_has_no_lessons_today(db):
    lines = []
    seed_demo_hub(scale=SMALL, today=HOLIDAY, log=lines.append)
    assert any("not a teaching day" in line for line in lines)
    assert Enrolment.objects.exists() and Lesson.objects.exists()
    assert not Lesson.objects.filter(date__gte=HOLIDAY).exists()


def test_demo_parent_has_a_child_in_lessons_an_open_offer_and_a_child_waiting_behind_others(db):
    seed_small_on(TERM_MONDAY)
    guardian = Guardian.objects.get(user__email=signins.PARENT.email)
    enrolment = Enrolment.objects.get(pupil__guardians=guardian)
    assert enrolment.payer == guardian and enrolment.ends_on is None
    slot = enrolment.placements.get().slot
    assert not slot.school_pays and slot.tutor.user.email == signins.TUTOR.email
    offer = Offer.objects.get(request__requested_by=guardian)
    assert offer.status == Offer.Status.OPEN and offer.request.status == LessonRequest.Status.OFFERED
    now = timezone.make_aware(datetime.datetime.combine(TERM_MONDAY, datetime.time(12)))
    assert now < offer.expires_at < now + datetime.timedelta(days=5)
    assert offer.slot.placements.count() < offer.slot.capacity
    waiting = LessonRequest.objects.get(requested_by=guardian, status=LessonRequest.Status.WAITING)
    ahead = LessonRequest.objects.filter(
        status=LessonRequest.Status.WAITING,
        school=waiting.school,
        instrument=waiting.instrument,
        requested_at__lt=waiting.requested_at,
    )
    assert ahead.count() >= 1, "the child's place in the queue is after 1"
    assert RemissionAward.objects.filter(
        pupil=enrolment.pupil, status=RemissionAward.Status.APPROVED, category__percent=50
    ).exists()


def test_demo_parent_has_this_terms_bill_to_pay_with_the_remission_on_it(db):
    seed_small_on(TERM_MONDAY)
    guardian = Guardian.objects.get(user__email=signins.PARENT.email)
    bill = Invoice.objects.get(account=family_account_for(guardian))
    lines = list(bill.lines.values_list("description", "gross"))
    assert any("Ella" in text and gross > 0 for text, gross in lines), lines
    assert any("Remission: Low household income" in text and gross < 0 for text, gross in lines), lines
    assert bill.total > 0 and bill.billed_email == signins.PARENT.email
    # Issued through the run's own service (so a run later skips it), and not e-mailed.
    assert Invoice.objects.filter(account__kind="family").count() > 1
    assert not OutgoingEmail.objects.filter(to__contains=[signins.PARENT.email]).exists()


def test_no_tutor_or_pupil_is_in_two_lessons_at_once(small_hub):
    def clashes(rows):
        seen = {}
        for who, weekday, starts, ends in rows:
            for other_starts, other_ends in seen.get((who, weekday), []):
                if starts < other_ends and other_starts < ends:
                    return True
            seen.setdefault((who, weekday), []).append((starts, ends))
        return False

    slots = TeachingSlot.objects.filter(is_active=True)
    assert slots.count() > 20
    assert not clashes(slots.values_list("tutor_id", "weekday", "starts_at", "ends_at"))
    placements = Placement.objects.filter(ends_on=None)
    assert not clashes(placements.values_list("pupil_id", "weekday", "starts_at", "ends_at"))


def test_enrolments_scale_with_the_small_hub_and_are_paid_by_a_guardian_of_the_child(small_hub):
    pupils = Pupil.objects.count()
    enrolments = Enrolment.objects.select_related("pupil")
    assert 0.5 * pupils <= enrolments.count() <= 1.5 * pupils
    assert enrolments.count() == Placement.objects.count()
    assert not enrolments.exclude(payer__children=F("pupil")).exists()
    for placement in Placement.objects.select_related("slot", "enrolment"):
        slot = placement.slot
        assert (placement.weekday, placement.starts_at, placement.ends_at) == (
            slot.weekday,
            slot.starts_at,
            slot.ends_at,
        )
        assert placement.enrolment.instrument_id == slot.instrument_id
        assert slot.music_centre or slot.school_id == placement.enrolment.pupil.school_id
    over = TeachingSlot.objects.annotate(n=Count("placements")).filter(n__gt=F("capacity"))
    assert not over.exists()
    assert LessonRequest.objects.filter(status=LessonRequest.Status.WAITING).count() >= SMALL.waiting_requests
    years = Counter(LessonType.objects.values_list("academic_year__name", flat=True))
    assert list(years.values()) == [5, 5], "this year's lesson types, and next year's for re-enrolment"
    assert RemissionCategory.objects.count() == 4


def test_registers_are_mostly_present_and_only_before_today(small_hub):
    today = timezone.localdate()
    marks = Attendance.objects.all()
    assert not Lesson.objects.filter(date__gte=today).exists()
    if marks.exists():
        assert marks.filter(code=AttendanceCode.PRESENT).count() >= 0.7 * marks.count()
        assert not marks.filter(lesson__date__lt=F("enrolment__placements__starts_on")).exists()
