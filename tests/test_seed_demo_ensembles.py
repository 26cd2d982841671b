"""The demo hub's ensembles: built once (a re-run adds nothing; a hub seeded before them gains them), with
sections, this year's and next year's fees, and three for the demo ensemble leader to lead; at county scale,
60 across every area."""

import datetime
import random

import pytest

from ensembles.models import (
    AbsenceReport,
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
