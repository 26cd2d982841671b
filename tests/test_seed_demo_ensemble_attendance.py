"""The demo's ensemble attendance: the demo leader's registers marked for the dates held so far, and the demo
parent's absence reported ahead of their child's next rehearsal (pre-marked excused); a re-run adds nothing,
and a hub seeded before attendance gains it once."""

import datetime

import pytest

from ensembles.models import AbsenceReport, EnsembleAttendance, Mark, Membership, Rehearsal
from ensembles.selectors.ensembles import led_by
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.scale import SMALL
from hub.models import User

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def seeded(db):
    assert seed_demo_hub(scale=SMALL, today=TODAY).created


def test_the_demo_leaders_dates_so_far_are_marked_and_the_demo_parent_has_reported_an_absence(seeded):
    leader = User.objects.get(email=signins.ENSEMBLES.email)
    member = Membership.objects.get(pupil__guardians__user__email=signins.PARENT.email)
    held = Rehearsal.objects.filter(ensemble=member.ensemble, date__lt=TODAY, cancelled=False)
    marked = EnsembleAttendance.objects.filter(membership=member, rehearsal__date__lt=TODAY)
    assert held.count() > 5 and marked.count() == held.count()
    assert set(marked.values_list("marked_by", flat=True)) == {leader.pk}
    assert not EnsembleAttendance.objects.exclude(rehearsal__ensemble__in=led_by(leader)).exists()

    report = AbsenceReport.objects.get()
    next_date = Rehearsal.objects.filter(ensemble=member.ensemble, date__gt=TODAY).order_by("date").first()
    assert (report.membership, report.rehearsal, report.reported_by) == (member, next_date, member.payer.user)
    assert EnsembleAttendance.objects.get(rehearsal=next_date, membership=member).mark == Mark.EXCUSED


def test_a_re_run_adds_nothing_and_a_hub_seeded_before_attendance_gains_it(seeded):
    before = (EnsembleAttendance.objects.count(), AbsenceReport.objects.count())
    assert not seed_demo_hub(scale=SMALL, today=TODAY).counts
    assert (EnsembleAttendance.objects.count(), AbsenceReport.objects.count()) == before
    AbsenceReport.objects.all().delete()
    EnsembleAttendance.objects.all().delete()
    added = seed_demo_hub(scale=SMALL, today=TODAY).counts
    assert added == {"ensemble marks": before[0] - 1, "reported absences": 1}
    assert (EnsembleAttendance.objects.count(), AbsenceReport.objects.count()) == before
