"""Ensemble fees in the family billing run: a membership's termly fee on its payer's bill with the
remissions that cover ensembles (and no sibling discount, which is for lessons), which terms a membership is
charged for, the page that shows a family the fee, and runs that charge nothing twice."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ensembles.billing import term_charges
from ensembles.pricing import termly_ensemble_fee_for
from hub.billing.family_run import start_family_run
from hub.billing.models import Invoice, InvoiceLine
from hub.billing.sources import Payer
from hub.models import Job
from tests import factories
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, MembershipFactory, SectionFactory
from tests.tuition_factories import (
    RemissionAwardFactory,
    RemissionCategoryFactory,
    academic_year,
    family_to_bill,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def orchestra(db):
    ensemble = EnsembleFactory(name="Northshire Youth Orchestra", slug="northshire-youth-orchestra")
    EnsembleFeeFactory(ensemble=ensemble, academic_year=academic_year(2026), termly_fee=Decimal("45.00"))
    return SectionFactory(ensemble=ensemble, name="Violins")


@pytest.fixture
def autumn(orchestra):
    return academic_year(2026).terms.get(kind="autumn")


def _run(term, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_family_run(term=term, by=None)
    job.refresh_from_db()
    return job


def _lines(invoice: Invoice) -> list[tuple[str, str, Decimal]]:
    return [(line.description, line.source_key, line.net) for line in invoice.lines.order_by("position")]


def test_a_members_fee_is_on_the_payers_bill_with_the_remission_that_covers_ensembles(
    autumn, orchestra, guardian, child, django_capture_on_commit_callbacks
):
    child.last_name = "Khan"
    child.save()
    membership = MembershipFactory(section=orchestra, pupil=child, payer=guardian)
    half = RemissionCategoryFactory(name="Low household income", reason="low_income", percent=Decimal("50"))
    RemissionAwardFactory(pupil=child, category=half, academic_year=autumn.academic_year)
    # An award that does not cover ensembles takes nothing off them.
    lessons_only = RemissionCategoryFactory(
        name="Lessons bursary", reason="discretionary", percent=Decimal("100"), covers_ensembles=False
    )
    RemissionAwardFactory(pupil=child, category=lessons_only, academic_year=autumn.academic_year)
    job = _run(autumn, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    invoice = Invoice.objects.get(account__reference=f"FAM-{guardian.pk}")
    key = f"ensembles:membership:{membership.pk}:term:2026-autumn"
    assert _lines(invoice) == [
        ("Amira Khan: Northshire Youth Orchestra (Violins), autumn term 2026", key, Decimal("45.00")),
        ("Amira Khan: Remission: Low household income", f"{key}:remission", Decimal("-22.50")),
    ]
    assert invoice.total == Decimal("22.50")


def test_the_fee_goes_to_the_memberships_payer_not_the_other_guardian(autumn, orchestra, child, guardian):
    other = factories.GuardianFactory()
    child.guardians.add(other)
    MembershipFactory(section=orchestra, pupil=child, payer=other)
    (charge,) = term_charges(autumn)
    assert charge.payer == Payer(guardian_id=other.pk)
    assert term_charges(autumn, [Payer(guardian_id=guardian.pk)]) == []
    assert term_charges(autumn, [Payer(guardian_id=other.pk)]) == [charge]


def test_ensembles_join_the_lessons_on_one_bill_without_the_sibling_discount(
    autumn, orchestra, guardian, school, django_capture_on_commit_callbacks
):
    family = family_to_bill(guardian, school)  # lessons for Amira and Sam: £171.00
    MembershipFactory(section=orchestra, pupil=family["amira"], payer=guardian)
    MembershipFactory(section=orchestra, pupil=family["sam"], payer=guardian)
    _run(family["term"], django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get()
    lines = [(description, net) for description, _, net in _lines(invoice)]
    # Sam's low-income award (50%, at most £20.00 a term) covers ensembles too; no sibling line for either.
    assert ("Amira Khan: Northshire Youth Orchestra (Violins), autumn term 2026", Decimal("45.00")) in lines
    assert ("Sam Khan: Northshire Youth Orchestra (Violins), autumn term 2026", Decimal("45.00")) in lines
    assert (
        invoice.lines.filter(source_key__startswith="ensembles:", source_key__endswith=":sibling").count()
        == 0
    )
    assert invoice.total == family["total"] + Decimal("45.00") + Decimal("25.00")


def test_a_repeated_run_charges_nothing_twice_and_a_new_member_alone_next_time(
    autumn, orchestra, guardian, child, django_capture_on_commit_callbacks
):
    MembershipFactory(section=orchestra, pupil=child, payer=guardian)
    _run(autumn, django_capture_on_commit_callbacks)
    second = _run(autumn, django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 1
    assert second.items.get().detail == "Already billed for this term."
    brother = factories.PupilFactory(first_name="Sam", guardians=[guardian])
    late = MembershipFactory(
        section=orchestra, pupil=brother, payer=guardian, joined_on=datetime.date(2026, 11, 2)
    )
    _run(autumn, django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 2
    assert [key for _, key, _ in _lines(Invoice.objects.order_by("number").last())] == [
        f"ensembles:membership:{late.pk}:term:2026-autumn"
    ]
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == 2


@pytest.mark.parametrize(
    ("joined_on", "left_on", "charged"),
    [
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 2), False),  # left in the holidays before it
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 3), True),  # left on its first day
        (datetime.date(2026, 9, 1), datetime.date(2026, 10, 20), True),  # left part-way: a whole term
        (datetime.date(2026, 12, 18), None, True),  # joined on its last day
        (datetime.date(2026, 12, 19), None, False),  # joined after it
    ],
)
def test_a_membership_is_charged_for_a_term_it_was_held_in(
    autumn, orchestra, guardian, child, joined_on, left_on, charged
):
    MembershipFactory(
        section=orchestra,
        pupil=child,
        payer=guardian,
        joined_on=joined_on,
        left_on=left_on,
        leave_reason="Moved away" if left_on else "",
    )
    assert len(term_charges(autumn)) == int(charged)


def test_last_years_membership_and_an_ensemble_without_a_fee_are_not_charged(autumn, orchestra, child):
    MembershipFactory(
        section=orchestra, pupil=child, academic_year=academic_year(2025), joined_on=datetime.date(2025, 9, 1)
    )
    MembershipFactory(pupil=child, section=SectionFactory())  # no fee set for its ensemble
    assert term_charges(autumn) == []


def test_the_charges_of_many_members_take_a_fixed_number_of_queries(
    autumn, orchestra, django_assert_num_queries
):
    for _ in range(5):
        MembershipFactory(section=orchestra)
    with django_assert_num_queries(3):
        assert len(term_charges(autumn)) == 5


def test_the_ensemble_page_shows_a_parent_each_childs_fee_after_remission(
    client, autumn, orchestra, guardian, child, monkeypatch
):
    free = RemissionCategoryFactory(name="Looked after", reason="looked_after", percent=Decimal("100"))
    sam = factories.PupilFactory(first_name="Sam", last_name="Ng", guardians=[guardian])
    RemissionAwardFactory(pupil=sam, category=free, academic_year=autumn.academic_year)
    monkeypatch.setattr("ensembles.selectors.listing.current_academic_year", lambda: autumn.academic_year)
    client.force_login(guardian.user)
    page = client.get(reverse("ensembles:public-detail", args=[orchestra.ensemble.slug])).content.decode()
    shown = termly_ensemble_fee_for(sam, orchestra.ensemble, autumn.academic_year)
    assert shown is not None and shown.to_pay == Decimal("0.00")
    assert "What your family pays in 2026/27" in page
    assert "£45.00 a term" in page
    assert "£0.00 a term (£45.00, less Remission: Looked after −£45.00)" in page
