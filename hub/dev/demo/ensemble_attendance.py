"""The demo ensembles' attendance: the demo leader's registers marked for every date held so far this year
(most members present, some late or away, so that the attendance page has rates and, now and then, a member
below the threshold), and one absence the demo parent has reported ahead of their child's next rehearsal.
Written in bulk, once: a re-run finds marks (or the report) and adds nothing."""

import datetime
import random

from django.utils import timezone

from ensembles.models import AbsenceReport, EnsembleAttendance, Mark, Membership, Rehearsal
from ensembles.selectors.attendance import current_on
from ensembles.selectors.ensembles import led_by
from hub.dev.demo import signins
from hub.models import Guardian, User

# How often each mark is drawn: most come, a few are late, absent or excused.
WEIGHTS = {Mark.PRESENT: 82, Mark.LATE: 7, Mark.ABSENT: 6, Mark.EXCUSED: 5}


def create_attendance(*, today: datetime.date, seed: int) -> dict[str, int]:
    """Marks for the demo leader's dates held so far, and the demo parent's reported absence; counts."""
    leader = User.objects.filter(email=signins.ENSEMBLES.email).first()
    if leader is None:
        return {}
    return _marks(leader, today, seed) | _reported_absence(leader, today)


def _marks(leader: User, today: datetime.date, seed: int) -> dict[str, int]:
    led = led_by(leader)
    if EnsembleAttendance.objects.filter(rehearsal__ensemble__in=led).exists():
        return {}
    rng = random.Random(f"{seed}:ensemble-attendance")
    members = list(Membership.objects.filter(ensemble__in=led).select_related("academic_year"))
    dates = Rehearsal.objects.filter(ensemble__in=led, date__lt=today, cancelled=False).order_by("date", "pk")
    now = timezone.now()
    rows = []
    # A few members come less often than the rest: the page has someone to flag.
    keen = {member.pk: rng.random() > 0.15 for member in members}
    by_ensemble: dict[int, list[Membership]] = {}
    for member in members:
        by_ensemble.setdefault(member.ensemble_id, []).append(member)
    for rehearsal in dates:
        for member in by_ensemble.get(rehearsal.ensemble_id, []):
            if not _is_current(member, rehearsal.date):
                continue
            weights = list(WEIGHTS.values()) if keen[member.pk] else [50, 10, 30, 10]
            mark = rng.choices(list(WEIGHTS), weights=weights)[0]
            rows.append(
                EnsembleAttendance(
                    rehearsal=rehearsal, membership=member, mark=mark, marked_by=leader, marked_at=now
                )
            )
    EnsembleAttendance.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return {"ensemble marks": len(rows)} if rows else {}


def _is_current(member: Membership, day: datetime.date) -> bool:
    year = member.academic_year
    return (
        year.starts_on <= day <= year.ends_on
        and member.joined_on <= day
        and (member.left_on is None or member.left_on > day)
    )


def _reported_absence(leader: User, today: datetime.date) -> dict[str, int]:
    """The demo parent's child will miss their next rehearsal (after today's), and has said so."""
    parent = Guardian.objects.filter(user__email=signins.PARENT.email).select_related("user").first()
    if parent is None or AbsenceReport.objects.filter(membership__pupil__guardians=parent).exists():
        return {}
    for member in Membership.objects.filter(pupil__guardians=parent, ensemble__in=led_by(leader)):
        upcoming = (
            Rehearsal.objects.filter(ensemble_id=member.ensemble_id, date__gt=today, cancelled=False)
            .order_by("date", "starts_at", "pk")
            .first()
        )
        if (
            upcoming is None
            or not Membership.objects.filter(current_on(upcoming.date), pk=member.pk).exists()
        ):
            continue
        now = timezone.now()
        AbsenceReport.objects.create(
            rehearsal=upcoming,
            membership=member,
            reason="A school trip",
            reported_by=parent.user,
            reported_at=now,
        )
        EnsembleAttendance.objects.get_or_create(
            rehearsal=upcoming,
            membership=member,
            defaults={"mark": Mark.EXCUSED, "marked_by": parent.user, "marked_at": now},
        )
        return {"reported absences": 1}
    return {}
