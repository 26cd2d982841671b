"""Instrument hire's charges in the family billing run: a family's hire with its remission, class sets on the
school's account (or free under its SLA), which hires a term charges, and runs that charge nothing twice."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.billing.family_run import start_family_run
from hub.billing.models import BillingAccount, Invoice, InvoiceLine
from hub.billing.sources import Payer
from hub.models import Job
from instruments.billing import term_charges
from tests import factories
from tests.instrument_factories import HireFeeFactory, InstrumentFactory, class_set, family_hire, violin
from tests.tuition_factories import (
    RemissionAwardFactory,
    RemissionCategoryFactory,
    academic_year,
    family_to_bill,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def autumn(db):
    year = academic_year(2026)
    HireFeeFactory(instrument_type=violin(), academic_year=year, termly_fee=Decimal("45.00"))
    return year.terms.get(kind="autumn")


def _run(term, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_family_run(term=term, by=None)
    job.refresh_from_db()
    return job


def _lines(invoice: Invoice) -> list[tuple[str, str, Decimal]]:
    return [(line.description, line.source_key, line.net) for line in invoice.lines.order_by("position")]


def test_a_familys_hire_is_on_its_bill_with_the_remission_that_covers_hire(
    autumn, guardian, child, django_capture_on_commit_callbacks
):
    child.first_name, child.last_name = "Amira", "Khan"
    child.save()
    hire = family_hire(child, guardian, InstrumentFactory(asset_tag="VN-0042"))
    half = RemissionCategoryFactory(name="Low household income", reason="low_income", percent=Decimal("50"))
    RemissionAwardFactory(pupil=child, category=half, academic_year=autumn.academic_year)
    # An award for lessons alone takes nothing off hire.
    lessons_only = RemissionCategoryFactory(
        name="Lessons bursary", reason="discretionary", percent=Decimal("100"), covers_hire=False
    )
    RemissionAwardFactory(pupil=child, category=lessons_only, academic_year=autumn.academic_year)
    job = _run(autumn, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    invoice = Invoice.objects.get(account__reference=f"FAM-{guardian.pk}")
    key = f"instruments:hire:{hire.pk}:term:2026-autumn"
    assert _lines(invoice) == [
        ("Amira Khan: 3/4 Violin hire, autumn term 2026 (VN-0042)", key, Decimal("45.00")),
        ("Amira Khan: Remission: Low household income", f"{key}:remission", Decimal("-22.50")),
    ]
    assert invoice.total == Decimal("22.50")


def test_hire_joins_the_lessons_on_one_bill_without_the_sibling_discount(
    autumn, guardian, school, django_capture_on_commit_callbacks
):
    family = family_to_bill(guardian, school)  # lessons for Amira and Sam: £171.00
    family_hire(family["sam"], guardian, InstrumentFactory(asset_tag="VN-0007"))
    _run(family["term"], django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get()
    # Sam's hire comes before his lessons; his low-income award covers hire too (50%, at most £20.00 a term);
    # the sibling discount is for lessons alone.
    assert [(description, net) for description, _, net in _lines(invoice)][-5:] == [
        ("Sam Khan: 3/4 Violin hire, autumn term 2026 (VN-0007)", Decimal("45.00")),
        ("Sam Khan: Remission: Low household income", Decimal("-20.00")),
        ("Sam Khan: Flute lessons, autumn term 2026 (Group of up to 4, 45 minutes)", Decimal("60.00")),
        ("Sam Khan: Remission: Low household income", Decimal("-20.00")),
        ("Sam Khan: Sibling discount (10%)", Decimal("-4.00")),
    ]
    assert invoice.total == family["total"] + Decimal("25.00")


def test_a_repeated_run_charges_nothing_twice_and_a_new_hire_alone_next_time(
    autumn, guardian, child, django_capture_on_commit_callbacks
):
    family_hire(child, guardian)
    _run(autumn, django_capture_on_commit_callbacks)
    second = _run(autumn, django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 1
    assert second.items.get().detail == "Already billed for this term."
    late = family_hire(child, guardian, out_on=datetime.date(2026, 11, 2))
    _run(autumn, django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 2
    assert [key for _, key, _ in _lines(Invoice.objects.order_by("number").last())] == [
        f"instruments:hire:{late.pk}:term:2026-autumn"
    ]
    keys = list(InvoiceLine.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == 2


@pytest.mark.parametrize(
    ("out_on", "returned_on", "charged"),
    [
        (datetime.date(2026, 6, 1), datetime.date(2026, 7, 15), False),  # back before the term
        (datetime.date(2026, 6, 1), datetime.date(2026, 9, 3), False),  # handed in on its first day
        (datetime.date(2026, 6, 1), datetime.date(2026, 9, 4), True),  # out on its second day
        (datetime.date(2026, 12, 18), None, True),  # out on its last day
        (datetime.date(2026, 12, 19), None, False),  # out after it
    ],
)
def test_a_hire_is_charged_for_a_term_it_was_out_in(autumn, guardian, child, out_on, returned_on, charged):
    family_hire(child, guardian, out_on=out_on, returned_on=returned_on)
    assert len(term_charges(autumn)) == int(charged)


def test_hires_not_out_and_types_without_a_fee_are_not_charged(autumn, guardian, child):
    allocated = family_hire(child, guardian)
    allocated.status, allocated.checked_out_on, allocated.condition_out = "agreement_accepted", None, ""
    allocated.save()
    flute = factories.InstrumentTypeFactory(name="Flute", slug="flute")
    family_hire(child, guardian, InstrumentFactory(asset_tag="FL-0001", instrument_type=flute, size=""))
    assert term_charges(autumn) == []


def test_a_class_set_is_charged_to_the_schools_account_a_line_an_instrument(
    autumn, school, contact, django_capture_on_commit_callbacks
):
    loan = class_set(school, 3)
    _run(autumn, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get()
    assert invoice.account.kind == BillingAccount.Kind.SCHOOL
    assert invoice.account.reference == f"URN{school.urn}"
    hires = list(loan.hires.order_by("pk").select_related("instrument"))
    assert sorted(_lines(invoice)) == sorted(
        (
            f"Class set: 3/4 Violin hire, autumn term 2026 ({hire.instrument.asset_tag})",
            f"instruments:hire:{hire.pk}:term:2026-autumn",
            Decimal("45.00"),
        )
        for hire in hires
    )
    assert invoice.total == Decimal("135.00")
    # Asked for the school's account alone, as a run's batch asks, the source finds the same.
    batch = term_charges(autumn, [Payer(account_id=invoice.account_id)])
    assert len(batch) == 3 and all(charge.categories == () for charge in batch)


def test_a_class_set_free_under_the_sla_charges_nothing(autumn, school, django_capture_on_commit_callbacks):
    class_set(school, 3, free_under_sla=True)
    assert term_charges(autumn) == []
    job = _run(autumn, django_capture_on_commit_callbacks)
    assert job.total == 0 and not Invoice.objects.exists()


def _damaged(child, guardian, *, returned_on: datetime.date, charge: str = "60.00"):
    hire = family_hire(
        child,
        guardian,
        InstrumentFactory(asset_tag="VN-0077"),
        out_on=datetime.date(2025, 9, 8),
        returned_on=returned_on,
    )
    hire.damage_charge = Decimal(charge)
    hire.save(update_fields=["damage_charge"])
    return hire


def test_a_damage_charge_is_billed_once_to_the_family_without_remission(
    autumn, guardian, child, django_capture_on_commit_callbacks
):
    child.first_name, child.last_name = "Amira", "Khan"
    child.save()
    hire = _damaged(child, guardian, returned_on=datetime.date(2026, 10, 12))
    RemissionAwardFactory(pupil=child, academic_year=autumn.academic_year)  # covers hire, not damage
    _run(autumn, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get()
    fee_key = f"instruments:hire:{hire.pk}:term:2026-autumn"
    lines = {key: (description, net) for description, key, net in _lines(invoice)}
    assert lines[f"instruments:hire:{hire.pk}:damage"] == (
        "Amira Khan: Damage to the 3/4 Violin (VN-0077), returned 12/10/2026",
        Decimal("60.00"),
    )
    # Out in the term, so its fee too, which the remission takes off; the damage keeps its full charge.
    assert lines[fee_key][1] == -lines[f"{fee_key}:remission"][1] == Decimal("45.00")
    assert invoice.total == Decimal("60.00")
    # The spring run looks back over the autumn term, and finds the damage already billed.
    spring = autumn.academic_year.terms.get(kind="spring")
    assert [c.source_key for c in term_charges(spring)] == [f"instruments:hire:{hire.pk}:damage"]
    _run(spring, django_capture_on_commit_callbacks)
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    ("returned_on", "charged"),
    [
        (datetime.date(2026, 8, 10), True),  # in the summer holidays: on the autumn bill
        (datetime.date(2026, 5, 5), True),  # in the summer term, after its run
        (datetime.date(2026, 3, 2), False),  # in the spring term: its own run's, or the summer's
        (datetime.date(2026, 12, 21), False),  # after the autumn term: the spring bill's
    ],
)
def test_a_run_bills_damage_back_to_the_start_of_the_term_before(
    autumn, guardian, child, returned_on, charged
):
    academic_year(2025)  # last year's terms, so that the summer term is there to look back to
    _damaged(child, guardian, returned_on=returned_on)
    damage = [c for c in term_charges(autumn) if c.source_key.endswith(":damage")]
    assert len(damage) == int(charged)


def test_the_source_answers_in_a_fixed_number_of_queries_however_many_payers(autumn, school):
    def queries_for(count: int) -> int:
        payers = []
        for n in range(count):
            parent = factories.GuardianFactory()
            pupil = factories.PupilFactory(school=school, guardians=[parent])
            family_hire(pupil, parent)
            RemissionAwardFactory(pupil=pupil, academic_year=autumn.academic_year)
            payers.append(Payer(guardian_id=parent.pk))
        loan_school = factories.SchoolFactory()
        class_set(loan_school, 2)
        term_charges(autumn)  # the plan makes the school's account on first use
        loan_school.refresh_from_db()
        payers.append(Payer(account_id=loan_school.billing_account_id))
        with CaptureQueriesContext(connection) as context:
            charges = term_charges(autumn, payers)
        assert len(charges) == count + 2
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(10) <= 5
