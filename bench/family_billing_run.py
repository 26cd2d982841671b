"""Benchmark the family billing run end to end at county scale, with a 2-process Celery worker.

On a throwaway database (musichub_bench_family) it builds its own data with bulk_create in seconds: about
15,000 active enrolments of about 12,500 children in about 10,000 paying families, taught by 60 tutors in
3,600 weekly slots at 150 schools (a few paid for by the school under its SLA), one child in ten with a
remission, and a couple of hundred lessons lost to the hub last term (credits). Then it runs the autumn
term: every bill issued and every e-mail sent (to files in a temporary folder), and runs it again (nothing
new); then times one beat sweep's batch of the PDFs, which are drawn after the run. The broker is Redis
database BENCH_REDIS_DB (14) of REDIS_URL.

Run from the project root: .venv/bin/python bench/family_billing_run.py [--families 10000] [--wait 900]
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from _throwaway import ROOT, throwaway_database

BENCH_DB = "musichub_bench_family"
BROKER = (
    os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    + "/"
    + os.environ.get("BENCH_REDIS_DB", "14")
)
MAIL_DIR = Path(tempfile.mkdtemp(prefix="musichub-bench-family-mail-"))
ENV = {
    **os.environ,
    "CELERY_BROKER_URL": BROKER,
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(MAIL_DIR),
    "DEBUG": "1",
}
TUTORS, WEEKDAYS, TIMES, SCHOOLS = 60, 5, 12, 150


def wait_until(condition, *, timeout: float, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    return None


def _calendar():
    from hub import calendar
    from hub.models import AcademicYear, Term

    years = {}
    for start in (2025, 2026):
        starts_on, ends_on = calendar.academic_year_dates(start)
        year = AcademicYear.objects.create(
            name=calendar.academic_year_name(start), starts_on=starts_on, ends_on=ends_on
        )
        for kind, first, last in (
            ("autumn", (start, 9, 3), (start, 12, 18)),
            ("spring", (start + 1, 1, 5), (start + 1, 3, 26)),
            ("summer", (start + 1, 4, 12), (start + 1, 7, 21)),
        ):
            Term.objects.create(
                academic_year=year, kind=kind, starts_on=datetime.date(*first), ends_on=datetime.date(*last)
            )
        years[start] = year
    return years


def _slots(year):
    from hub.models import InstrumentType
    from schools.models import School

    schools = School.objects.bulk_create(
        School(urn=800000 + n, name=f"Bench School {n}", street=f"{n} School Lane", town="Ashby")
        for n in range(SCHOOLS)
    )
    instruments = InstrumentType.objects.bulk_create(
        InstrumentType(name=name, slug=name.lower(), family=family)
        for name, family in (
            ("Violin", "strings"),
            ("Flute", "woodwind"),
            ("Trumpet", "brass"),
            ("Piano", "keyboard"),
            ("Guitar", "guitar"),
            ("Drums", "percussion"),
        )
    )
    types = _lesson_types(year)
    return _timetable(year, schools, instruments, types)


def _lesson_types(year):
    from tuition.models import LessonType

    return LessonType.objects.bulk_create(
        LessonType(
            academic_year=year,
            name=name,
            format=fmt,
            min_pupils=low,
            max_pupils=high,
            minutes=30,
            lessons_per_term=10,
            lessons_per_year=30,
            termly_fee=Decimal(fee),
        )
        for name, fmt, low, high, fee in (
            ("Individual 30 minutes", "individual", 1, 1, "150.00"),
            ("Shared 30 minutes", "shared", 2, 2, "100.00"),
            ("Group 30 minutes", "group", 2, 8, "60.00"),
        )
    )


def _timetable(year, schools, instruments, types):
    """Each tutor teaches five days a week, twelve half-hour slots a day, at a school a day."""
    from hub.models import StaffProfile, User
    from tuition.models import TeachingSlot

    users = User.objects.bulk_create(
        User(email=f"tutor{n}@bench.example", first_name="Tutor", last_name=f"{n}", password="!")
        for n in range(TUTORS)
    )
    tutors = StaffProfile.objects.bulk_create(StaffProfile(user=user) for user in users)
    slots = []
    for t, tutor in enumerate(tutors):
        for day in range(WEEKDAYS):
            school = schools[(t * WEEKDAYS + day) % SCHOOLS]
            for n in range(TIMES):
                index = len(slots)
                starts = datetime.time(9 + n // 2, 30 * (n % 2))
                slots.append(
                    TeachingSlot(
                        academic_year=year,
                        tutor=tutor,
                        school=school,
                        instrument=instruments[index % 6],
                        lesson_type=types[index % 3],
                        weekday=day,
                        starts_at=starts,
                        ends_at=datetime.time(starts.hour, starts.minute + 29),
                        capacity=8,
                        school_pays=index % 25 == 0,
                    )
                )
    return TeachingSlot.objects.bulk_create(slots, batch_size=2000)


def build(families: int) -> int:
    """The county: families, children, enrolments placed in slots, remissions and lost lessons."""

    years = _calendar()
    slots = _slots(years[2026])
    pupils, learners = _families(families, slots)
    enrolments = _enrolments(learners, slots)
    _remissions(pupils, years[2026])
    _lost_lessons(enrolments, slots, years[2025])
    return len(enrolments)


def _families(families: int, slots):
    """A parent per family and their children; returns the children and (child, payer) per enrolment."""
    from hub.models import Guardian, User
    from schools.models import Pupil

    users = User.objects.bulk_create(
        (
            User(email=f"parent{n}@bench.example", first_name="Parent", last_name=f"{n}", password="!")
            for n in range(families)
        ),
        batch_size=2000,
    )
    guardians = Guardian.objects.bulk_create(
        (
            Guardian(user=u, address_line_1=f"{n} High Street", town="Ashby", postcode="NS1 1AA")
            for n, u in enumerate(users)
        ),
        batch_size=2000,
    )
    # One child in every family, a second child in one family in four; one child in five learns two.
    parents = [*guardians, *guardians[: families // 4]]
    pupils = Pupil.objects.bulk_create(
        (
            Pupil(
                first_name=f"Child{n}",
                last_name="Bench",
                date_of_birth=datetime.date(2015, 5, 1),
                school_id=slots[n % len(slots)].school_id,
            )
            for n in range(len(parents))
        ),
        batch_size=2000,
    )
    Pupil.guardians.through.objects.bulk_create(
        (Pupil.guardians.through(pupil=p, guardian=g) for p, g in zip(pupils, parents, strict=True)),
        batch_size=5000,
    )
    learners = [(p, g) for p, g in zip(pupils, parents, strict=True)]
    learners += learners[: int(len(pupils) * 0.2)]
    return pupils, learners


def _enrolments(learners, slots):
    from tuition.models import Enrolment, Placement

    starts = datetime.date(2026, 4, 13)
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(pupil=p, instrument_id=slots[i % len(slots)].instrument_id, payer=g, starts_on=starts)
            for i, (p, g) in enumerate(learners)
        ),
        batch_size=2000,
    )
    # Slot i % 3,600: a child's second enrolment lands 1,700 slots on, on another day, so never at once.
    Placement.objects.bulk_create(
        (
            Placement(
                enrolment=e,
                slot=(s := slots[i % len(slots)]),
                starts_on=starts,
                pupil_id=e.pupil_id,
                weekday=s.weekday,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
            )
            for i, e in enumerate(enrolments)
        ),
        batch_size=2000,
    )
    return enrolments


def _remissions(pupils, year):
    """One child in ten holds a remission: most free school meals, some a capped low-income one."""
    from django.utils import timezone

    from hub.billing.models import RemissionCategory
    from schools.models import RemissionAward

    fsm = RemissionCategory.objects.create(name="Free school meals", reason="fsm", percent=Decimal(100))
    low = RemissionCategory.objects.create(
        name="Low income", reason="low_income", percent=Decimal(50), cap_per_term=Decimal(20)
    )
    now = timezone.now()
    RemissionAward.objects.bulk_create(
        (
            RemissionAward(
                pupil=p,
                category=fsm if n % 20 else low,
                academic_year=year,
                evidence="Letter",
                status="approved",
                applied_at=now,
                decided_at=now,
            )
            for n, p in enumerate(pupils[::10])
        ),
        batch_size=2000,
    )


def _lost_lessons(enrolments, slots, last_year):
    """A lesson lost to the hub last summer in one slot in twenty: credits on this term's bills."""
    from django.utils import timezone

    from tuition.models import Attendance, Lesson

    now = timezone.now()
    summer = last_year.terms.get(kind="summer")
    lost = Lesson.objects.bulk_create(
        Lesson(
            slot=slots[n],
            date=datetime.date(2026, 5, 4) + datetime.timedelta(days=slots[n].weekday),
            term=summer,
        )
        for n in range(0, len(slots), 20)
    )
    by_slot = {lesson.slot_id: lesson for lesson in lost}
    Attendance.objects.bulk_create(
        (
            Attendance(lesson=by_slot[s.pk], enrolment=e, code="tutor", marked_at=now)
            for i, e in enumerate(enrolments)
            if (s := slots[i % len(slots)]).pk in by_slot
        ),
        batch_size=2000,
    )


def run(env: dict, *, worker_processes: int, wait: float) -> None:
    import redis
    from django.db import transaction

    from hub import jobs
    from hub.billing.family_run import start_family_run
    from hub.billing.models import Invoice
    from hub.celery import app
    from hub.models import Job, Term

    redis.Redis.from_url(BROKER).flushdb()
    term = Term.objects.get(kind="autumn", starts_on__year=2026)
    worker = _start_worker(worker_processes=worker_processes, env=env)
    try:
        app.conf.broker_url = BROKER
        wait_until(lambda: app.control.ping(destination=["bench@localhost"], timeout=0.5), timeout=60)
        for label in ("first run", "second run (nothing new)"):
            before = Invoice.objects.count()
            started = time.monotonic()
            with transaction.atomic():
                job = start_family_run(term=term, by=None)
            issued = wait_until(lambda job=job: _finished(Job.objects.get(pk=job.pk)), timeout=wait)
            complete = wait_until(
                lambda job=job: jobs.progress(Job.objects.get(pk=job.pk))["complete"] and time.monotonic(),
                timeout=max(wait - (time.monotonic() - started), 1),
            )
            progress = jobs.progress(Job.objects.get(pk=job.pk))
            print(
                f"{label}: {progress['total']:,} paying accounts -> {progress['done']:,} bills issued, "
                f"{progress['skipped']:,} skipped, {progress['failed']:,} failed; "
                f"{Invoice.objects.count() - before:,} new invoices, "
                f"{progress['emails']['sent']:,} of {progress['emails']['all']:,} e-mails sent; "
                + (f"all issued after {issued - started:.1f} s, " if issued else "not all issued, ")
                + (
                    f"everything issued and e-mailed after {complete - started:.1f} s"
                    if complete
                    else f"not finished after {time.monotonic() - started:.1f} s"
                )
                + f" ({worker_processes} worker processes)",
                flush=True,
            )
            if not complete:
                break
        print(f"e-mail files written: {len(list(MAIL_DIR.glob('*.log')))}")
        _draw_a_sweep()
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _draw_a_sweep() -> None:
    """The PDFs come after the run: time one beat sweep's batch of them on the same worker."""
    from hub.billing.documents import queue_missing_pdfs
    from hub.billing.models import Invoice

    started = time.monotonic()
    queued = queue_missing_pdfs(older_than=datetime.timedelta(0))
    left = Invoice.objects.filter(pdf="").count()
    done = wait_until(
        lambda: Invoice.objects.filter(pdf="").count() <= left - queued and time.monotonic(), timeout=600
    )
    took = (done or time.monotonic()) - started
    print(
        f"after the run, one sweep's {queued} PDFs drawn in {took:.1f} s ({queued / took:.1f} a second); "
        f"beat's sweep draws the other {left - queued:,} at {queued} a minute",
        flush=True,
    )


def _start_worker(*, worker_processes: int, env: dict) -> subprocess.Popen:
    """One Celery worker on every queue: runs, e-mail and PDFs, as make run's two workers together."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hub", "worker", "--concurrency", str(worker_processes),
         "-n", "bench@localhost", "-Q", "celery,mail,bulk", "--without-gossip", "--without-mingle",
         "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _finished(job) -> float | None:
    return time.monotonic() if job.status in ("done", "failed") else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--wait", type=float, default=900, help="Give up on a run after this many seconds.")
    args = parser.parse_args()
    with throwaway_database(BENCH_DB, env=ENV) as env:
        started = time.monotonic()
        enrolments = build(args.families)
        took = time.monotonic() - started
        print(f"built {args.families:,} families, {enrolments:,} enrolments in {took:.1f} s", flush=True)
        run(env, worker_processes=2, wait=args.wait)


if __name__ == "__main__":
    main()
