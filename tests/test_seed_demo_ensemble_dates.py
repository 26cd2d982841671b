"""The demo's year of ensemble dates: every ensemble's weekly rehearsals in this academic year's terms, from
the calendar's rule, concerts for the first ensembles, and one of the demo parent's children in one of the
demo leader's ensembles; a re-run adds nothing, and a hub seeded before the dates gains them once."""

import datetime

import pytest

from ensembles.models import (
    AbsenceReport,
    Application,
    AuditionSlot,
    Ensemble,
    EnsembleAttendance,
    Membership,
    Rehearsal,
)
from ensembles.selectors.ensembles import led_by
from hub.calendar import teaching_days
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.scale import SMALL
from hub.models import Term, User

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def seeded(db):
    assert seed_demo_hub(scale=SMALL, today=TODAY).created


def test_every_ensemble_has_this_years_rehearsals_from_the_calendar(seeded):
    terms = list(Term.objects.filter(academic_year__starts_on__year=2026))
    for ensemble in Ensemble.objects.all():
        expected = [day for term in terms for day in teaching_days(term, ensemble.rehearsal_weekday)]
        dates = list(
            ensemble.rehearsals.filter(kind="rehearsal").order_by("date").values_list("date", flat=True)
        )
        assert dates == sorted(expected), ensemble.name
    assert Rehearsal.objects.filter(kind="concert").count() == 2 * min(10, SMALL.ensembles)


def test_the_demo_parents_child_plays_in_one_of_the_demo_leaders_ensembles(seeded):
    leader = User.objects.get(email=signins.ENSEMBLES.email)
    member = Membership.objects.get(pupil__guardians__user__email=signins.PARENT.email)
    assert member.ensemble in led_by(leader)
    assert member.left_on is None and member.instrument in member.section.instrument_types.all()


def test_a_re_run_adds_nothing_and_a_hub_seeded_before_the_dates_gains_them(seeded):
    before = (Rehearsal.objects.count(), Membership.objects.count())
    assert not seed_demo_hub(scale=SMALL, today=TODAY).counts
    assert (Rehearsal.objects.count(), Membership.objects.count()) == before
    # The marks and reported absences hold on to their dates (PROTECT): they go first.
    AbsenceReport.objects.all().delete()
    EnsembleAttendance.objects.all().delete()
    Rehearsal.objects.all().delete()
    # The members' seed makes their applications and auditions too: a hub seeded before them has none.
    AuditionSlot.objects.all().delete()
    Application.objects.all().delete()
    Membership.objects.all().delete()
    added = seed_demo_hub(scale=SMALL, today=TODAY).counts
    assert added["rehearsals"] + added["concerts"] == before[0]
    assert (Rehearsal.objects.count(), Membership.objects.count()) == before
