"""Property: what price_fee shows a family for each child is what the family billing run charges.

Hypothesis draws an account's term (a family's, or a school's paying under its SLA): children with lessons,
hire and ensembles at any fee, remissions of a percentage or a sum, capped or not, and credits. A source
registered for the test hands them to the run's own `bill_payer`, which issues the invoice on the real
database; each child's lines on it must add up to what price_fee shows for their charges, with the sibling
discount on every child's lessons but the one with the highest lessons fee, and never on a school's account.
"""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.billing import sources
from hub.billing.family_run import bill_payer
from hub.billing.models import Activity, BillingAccount, InvoiceLine, RemissionCategory
from hub.billing.remissions import price_fee
from hub.billing.sources import Credit, FamilyCharge, Payer
from hub.money import ZERO
from tests import factories

pytestmark = pytest.mark.django_db


def pounds(low: int, high: int, *awkward: str):
    drawn = st.integers(low, high).map(lambda n: Decimal(n) / 100)
    return st.one_of(st.sampled_from([Decimal(a) for a in awkward]), drawn)


fees = pounds(0, 60_000, "0.00", "0.01", "33.33", "150.00", "60.05")
categories = st.builds(
    lambda n, percent, amount, cap, covers: RemissionCategory(
        pk=n,
        name=f"Category {n}",
        percent=percent if amount is None else None,
        amount=amount,
        cap_per_term=cap,
        covers_lessons=covers[0],
        covers_hire=covers[1],
        covers_ensembles=covers[2],
    ),
    st.integers(1, 50),
    pounds(1, 10_000, "50.00", "100.00", "33.33", "12.50"),
    st.none() | pounds(1, 30_000, "10.00", "0.01"),
    st.none() | pounds(1, 30_000, "20.00", "0.01"),
    st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
charges_of_a_child = st.lists(
    st.tuples(
        st.sampled_from(list(Activity)),
        fees,
        st.lists(categories, max_size=2, unique_by=lambda c: c.pk),
        st.none() | pounds(1, 20_000, "15.00", "0.01"),
    ),
    min_size=1,
    max_size=3,
)
terms = st.tuples(st.booleans(), st.lists(charges_of_a_child, min_size=1, max_size=4))


def _family_charges(payer: Payer, children) -> list[FamilyCharge]:
    charges = []
    for child, drawn in enumerate(children, start=1):
        for n, (activity, fee, cats, credit) in enumerate(drawn, start=1):
            key = f"test:child:{child}:charge:{n}"
            charges.append(
                FamilyCharge(
                    payer=payer,
                    pupil_id=child,
                    pupil_name=f"Child {child}",
                    activity=activity,
                    description=f"{activity.label}, charge {n}",
                    fee=fee,
                    source_key=key,
                    categories=tuple(cats),
                    credits=(Credit("Credit", credit, f"{key}:credit"),) if credit else (),
                )
            )
    return charges


def _shown(charges: list[FamilyCharge], *, family: bool) -> dict[str, Decimal]:
    """What each child is shown: price_fee's to_pay per charge (the sibling rule as its docstring says),
    less the credits, never below nothing."""
    lessons: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for charge in charges:
        if charge.activity == Activity.LESSONS:
            lessons[charge.pupil_id] += charge.fee
    full = max(lessons, key=lambda pupil: (lessons[pupil], -pupil)) if lessons else None
    shown: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for charge in charges:
        sibling = family and charge.activity == Activity.LESSONS and charge.pupil_id != full
        to_pay = price_fee(
            fee=charge.fee, activity=charge.activity, categories=charge.categories, sibling=sibling
        ).to_pay
        credit = sum((c.amount for c in charge.credits), ZERO)
        shown[charge.pupil_name] += to_pay - min(credit, to_pay)
    return dict(shown)


@pytest.fixture
def payers(year):
    guardian = factories.GuardianFactory()
    school = factories.SchoolFactory()
    account = BillingAccount.objects.create(kind="school", name=school.name, reference=f"URN{school.urn}")
    return Payer(guardian_id=guardian.pk), Payer(account_id=account.pk), year.terms.get(kind="autumn")


@settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=terms)
def test_each_child_is_charged_what_price_fee_shows(payers, drawn, monkeypatch):
    family, children = drawn
    payer = payers[0] if family else payers[1]
    charges = _family_charges(payer, children)
    monkeypatch.setattr(sources, "_SOURCES", {"test": lambda term, who: charges if payer in who else []})
    with transaction.atomic():
        invoice = bill_payer(term=payers[2], payer=payer, by=None)
        assert invoice is not None
        charged: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in InvoiceLine.objects.filter(invoice=invoice):
            charged[line.description.split(": ")[0]] += line.gross
        assert dict(charged) == _shown(charges, family=family)
        assert invoice.total == sum(charged.values(), ZERO)
        transaction.set_rollback(True)
