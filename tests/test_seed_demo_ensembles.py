"""The demo hub's ensembles: built once (a re-run adds nothing; a hub seeded before them gains them), with
sections, this year's and next year's fees, and three for the demo ensemble leader to lead; at county scale,
60 across every area. Their members are of the ensemble's ages and paid for by a guardian of theirs; the demo
leader has applications to decide and the demo parent an audition to book."""

import datetime
import random

import pytest

from ensembles.models import (
    AbsenceReport,
    Application,
    AuditionSlot,
    Ensemble,
    EnsembleAttendance,
    EnsembleFee,
    EnsembleSection,
    Membership,
    Rehearsal,
)
from ensembles.selectors.ensembles import ensembles_for
from hub.dev.demo import signins
from hub.dev.demo.builder import seed_demo_hub
from hub.dev.demo.ensembles import _ensembles
from hub.dev.demo.places import AREAS
from hub.dev.demo.scale import FULL, SMALL
from hub.models import Area, User

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def seeded(db):
    assert seed_demo_hub(scale=SMALL, today=TODAY).created


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Ensemble, EnsembleSection, EnsembleFee)}


def test_the_small_hub_has_ensembles_with_sections_fees_and_the_demo_leaders_three(seeded):
    assert Ensemble.objects.count() == SMALL.ensembles
    assert not Ensemble.objects.filter(sections__isnull=True).exists()
    assert not EnsembleSection.objects.filter(instrument_types__isnull=True).exists()
    assert EnsembleFee.objects.count() == 2 * SMALL.ensembles  # this year's and next year's
    leader = User.objects.get(email=signins.ENSEMBLES.email)
    assert ensembles_for(leader).count() == 3
    assert Ensemble.objects.filter(is_active=False).count() == 1


def test_a_re_run_adds_nothing_and_a_hub_seeded_before_the_ensembles_gains_them(seeded):
    before = _counts()
    again = seed_demo_hub(scale=SMALL, today=TODAY)
    assert not again.created and not again.counts
    assert _counts() == before
    # The marks and reported absences first, then the dates and members: each holds the next (protected).
    AbsenceReport.objects.all().delete()
    EnsembleAttendance.objects.all().delete()
    Rehearsal.objects.all().delete()
    AuditionSlot.objects.all().delete()
    Application.objects.all().delete()
    Membership.objects.all().delete()
    EnsembleFee.objects.all().delete()
    Ensemble.objects.all().delete()
    added = seed_demo_hub(scale=SMALL, today=TODAY)
    assert added.counts["ensembles"] == SMALL.ensembles
    assert _counts() == before


def test_the_county_has_sixty_ensembles_across_every_area_each_slug_once():
    areas = [Area(pk=index + 1, name=spec.name, slug=spec.slug) for index, spec in enumerate(AREAS)]
    ensembles = _ensembles(FULL.ensembles, areas, random.Random(1))
    assert len(ensembles) == 60
    assert len({ensemble.slug for ensemble in ensembles}) == 60
    assert {ensemble.area.slug for ensemble in ensembles if ensemble.area} == {spec.slug for spec in AREAS}
    assert sum(ensemble.area is None for ensemble in ensembles) == 10


def test_members_are_of_the_ensembles_ages_paid_by_their_guardian_within_capacity(seeded):
    members = Membership.objects.select_related("ensemble", "pupil", "academic_year", "section")
    assert members.count() > SMALL.ensembles
    for member in members:
        ensemble = member.ensemble
        assert ensemble.takes_age(member.pupil.age_on(TODAY)), member
        assert member.pupil.guardians.filter(pk=member.payer_id).exists()
        assert member.section.ensemble_id == ensemble.pk
        assert member.section.instrument_types.filter(pk=member.instrument_id).exists()
        assert member.academic_year.contains(TODAY)
    for ensemble in Ensemble.objects.all():
        assert ensemble.memberships.filter(left_on__isnull=True).count() <= ensemble.capacity


def test_the_demo_leader_has_applications_to_decide_and_the_demo_parent_an_audition_to_book(seeded):
    leader = User.objects.get(email=signins.ENSEMBLES.email)
    led = ensembles_for(leader)
    waiting = Application.objects.filter(ensemble__in=led, status=Application.Status.APPLIED)
    assert waiting.count() >= 5
    assert AuditionSlot.objects.filter(ensemble__in=led, application__isnull=False).exists()
    ours = Application.objects.get(applied_by__user__email=signins.PARENT.email)
    assert ours.ensemble in led and not hasattr(ours, "audition")
    assert ours.ensemble.takes_age(ours.pupil.age_on(TODAY))
    assert AuditionSlot.objects.filter(
        ensemble=ours.ensemble, application__isnull=True, date__gt=TODAY
    ).exists()
    assert not Membership.objects.filter(pupil=ours.pupil).exists()
