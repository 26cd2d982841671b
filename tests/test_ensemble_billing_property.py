"""Property: what a family is shown for an ensemble (the ensemble's page, through ensembles/pricing.py) is
what the family billing run charges for it.

Hypothesis draws a family's children, each a member of an ensemble at any termly fee, holding awards of any
remission categories (a percentage or a sum, capped or not, covering ensembles or not). The real ensembles
charge source hands them to the run's own `bill_payer`, which issues the invoice on the real database; each
child's lines on it must add up to what the page shows for that child, and to termly_ensemble_fee_for.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ensembles.pricing import family_fees, termly_ensemble_fee_for
from hub.billing.family_run import bill_payer
from hub.billing.models import InvoiceLine, RemissionCategory
from hub.billing.sources import Payer
from hub.money import ZERO
from tests import factories
from tests.ensemble_factories import EnsembleFeeFactory, MembershipFactory, SectionFactory
from tests.tuition_factories import RemissionAwardFactory, academic_year

pytestmark = pytest.mark.django_db


def pounds(low: int, high: int, *awkward: str):
    drawn = st.integers(low, high).map(lambda n: Decimal(n) / 100)
    return st.one_of(st.sampled_from([Decimal(a) for a in awkward]), drawn)


fees = pounds(0, 60_000, "0.00", "0.01", "33.33", "45.00", "60.05")
categories = st.fixed_dictionaries(
    {
        "percent": pounds(1, 10_000, "50.00", "100.00", "33.33", "12.50"),
        "amount": st.none() | pounds(1, 30_000, "10.00", "0.01"),
        "cap_per_term": st.none() | pounds(1, 30_000, "20.00", "0.01"),
        "covers_ensembles": st.booleans(),
    }
)
children = st.lists(st.tuples(fees, st.lists(categories, max_size=2)), min_size=1, max_size=3)


def _family(guardian, year, drawn) -> list:
    members = []
    for n, (fee, awards) in enumerate(drawn, start=1):
        section = SectionFactory()
        EnsembleFeeFactory(ensemble=section.ensemble, academic_year=year, termly_fee=fee)
        child = factories.PupilFactory(first_name=f"Child{n}", last_name="Khan", guardians=[guardian])
        for m, award in enumerate(awards, start=1):
            category = RemissionCategory.objects.create(
                name=f"Category {n}.{m}",
                reason=RemissionCategory.Reason.DISCRETIONARY,
                percent=None if award["amount"] is not None else award["percent"],
                amount=award["amount"],
                cap_per_term=award["cap_per_term"],
                covers_ensembles=award["covers_ensembles"],
            )
            RemissionAwardFactory(pupil=child, category=category, academic_year=year)
        members.append(
            MembershipFactory(
                section=section, pupil=child, payer=guardian, joined_on=datetime.date(2026, 9, 1)
            )
        )
    return members


@pytest.fixture
def family(db):
    return factories.GuardianFactory(), academic_year(2026)


@settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=children)
def test_each_child_is_charged_what_the_ensemble_page_shows(family, drawn):
    guardian, year = family
    with transaction.atomic():
        members = _family(guardian, year, drawn)
        invoice = bill_payer(
            term=year.terms.get(kind="autumn"), payer=Payer(guardian_id=guardian.pk), by=None
        )
        assert invoice is not None
        charged: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in InvoiceLine.objects.filter(invoice=invoice):
            charged[line.description.split(": ")[0]] += line.gross
        for membership in members:
            pupil = membership.pupil
            shown = dict(family_fees(guardian.user, membership.ensemble, year))[pupil]
            assert charged[f"{pupil.first_name} {pupil.last_name}"] == shown.to_pay
            assert termly_ensemble_fee_for(pupil, membership.ensemble, year) == shown
        assert invoice.total == sum(charged.values(), ZERO)
        transaction.set_rollback(True)
