"""The instrument store's invariants, held by the database: an instrument on one open hire at a time, one open
repair, one waiting request per child and type, a hire to a family or a class set, tags in capitals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from instruments.models import Hire, HireRequest, Instrument
from tests import factories
from tests.instrument_factories import (
    ClassSetLoanFactory,
    HireFactory,
    HireFeeFactory,
    HireRequestFactory,
    InstrumentFactory,
    RepairFactory,
    mark_out,
    mark_returned,
)

pytestmark = pytest.mark.django_db


def _refused(constraint: str):
    """The database refuses the write, naming the constraint."""
    return pytest.raises(IntegrityError, match=constraint)


def test_the_database_refuses_a_second_open_hire_of_one_instrument():
    instrument = InstrumentFactory()
    HireFactory(instrument=instrument)
    with _refused("one_open_hire_per_instrument"), transaction.atomic():
        HireFactory(instrument=instrument)
    assert Hire.objects.count() == 1


@pytest.mark.parametrize("status", [Hire.Status.ALLOCATED, Hire.Status.AGREEMENT_ACCEPTED, Hire.Status.OUT])
def test_every_open_status_holds_the_instrument(status):
    first = HireFactory()
    if status == Hire.Status.AGREEMENT_ACCEPTED:
        first.status, first.agreement_accepted_at = status, timezone.now()
        first.save()
    elif status == Hire.Status.OUT:
        mark_out(first, on=datetime.date(2026, 9, 8))
    with _refused("one_open_hire_per_instrument"), transaction.atomic():
        HireFactory(instrument=first.instrument)


def test_the_refusal_reads_as_a_sentence_when_the_hire_is_validated():
    first = HireFactory()
    second = Hire(
        instrument=first.instrument,
        pupil=factories.PupilFactory(),
        payer=factories.GuardianFactory(),
        allocated_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as refused:
        second.validate_constraints()
    assert refused.value.messages == ["This instrument is already allocated or on hire to someone else."]


def test_a_returned_or_cancelled_hire_frees_the_instrument_for_the_next():
    first = mark_returned(
        mark_out(HireFactory(), on=datetime.date(2026, 9, 8)), on=datetime.date(2026, 12, 18)
    )
    second = HireFactory(instrument=first.instrument)
    second.status, second.cancelled_at = Hire.Status.CANCELLED, timezone.now()
    second.save()
    HireFactory(instrument=first.instrument)
    assert first.instrument.hires.filter(status__in=Hire.OPEN).count() == 1


def test_a_class_set_hire_is_held_to_the_same_rule():
    loan = ClassSetLoanFactory()
    family = HireFactory()
    with _refused("one_open_hire_per_instrument"), transaction.atomic():
        HireFactory(instrument=family.instrument, pupil=None, payer=None, class_set=loan)
    HireFactory(pupil=None, payer=None, class_set=loan)
    assert loan.hires.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"pupil": None},  # a family hire with no child
        {"payer": None},  # nobody pays
        {"class_set": "loan"},  # both a family's and a school's
    ],
)
def test_a_hire_is_to_a_family_or_a_class_set_never_half_or_both(fields):
    if fields.get("class_set") == "loan":
        fields = {"class_set": ClassSetLoanFactory()}
    with _refused("hire_to_a_family_or_a_class_set"), transaction.atomic():
        HireFactory(**fields)


def test_a_family_hire_goes_out_only_after_its_agreement_and_with_its_condition():
    hire = HireFactory()
    hire.status, hire.checked_out_on, hire.condition_out = Hire.Status.OUT, datetime.date(2026, 9, 8), "good"
    with _refused("family_hire_out_after_agreement"), transaction.atomic():
        hire.save()
    hire.agreement_accepted_at, hire.condition_out = timezone.now(), ""
    with _refused("hire_out_has_date_and_condition"), transaction.atomic():
        hire.save()


def test_a_return_is_dated_after_the_check_out_and_a_damage_charge_is_not_negative():
    hire = mark_out(HireFactory(), on=datetime.date(2026, 9, 8))
    with _refused("hire_returned_after_check_out"), transaction.atomic():
        mark_returned(hire, on=datetime.date(2026, 9, 1))
    hire.refresh_from_db()
    hire.damage_charge = Decimal("-1")
    with _refused("hire_damage_charge_not_negative"), transaction.atomic():
        hire.save()


def test_an_instrument_is_away_for_one_repair_at_a_time():
    repair = RepairFactory()
    with _refused("one_open_repair_per_instrument"), transaction.atomic():
        RepairFactory(instrument=repair.instrument)
    repair.returned_on, repair.cost = datetime.date(2026, 10, 20), Decimal("45.00")
    repair.save()
    RepairFactory(instrument=repair.instrument, sent_on=datetime.date(2026, 11, 2))


def test_a_child_waits_once_for_a_type_and_may_ask_again_once_the_request_is_closed():
    request = HireRequestFactory()
    with _refused("one_open_hire_request_per_pupil_and_type"), transaction.atomic():
        HireRequestFactory(pupil=request.pupil, requested_by=request.requested_by)
    request.status, request.closed_at = HireRequest.Status.WITHDRAWN, timezone.now()
    request.save()
    HireRequestFactory(pupil=request.pupil, requested_by=request.requested_by)


def test_a_request_has_one_open_hire():
    request = HireRequestFactory()
    HireFactory(request=request, pupil=request.pupil, payer=request.requested_by)
    with _refused("one_open_hire_per_request"), transaction.atomic():
        HireFactory(request=request, pupil=request.pupil, payer=request.requested_by)


@pytest.mark.parametrize("tag", ["vn-0001", "VN 0001", "-VN", ""])
def test_an_asset_tag_is_stored_in_capitals_letters_and_digits(tag):
    with _refused("asset_tag_in_capitals"), transaction.atomic():
        InstrumentFactory(asset_tag=tag)


def test_an_asset_tag_is_unique_and_money_is_never_negative():
    InstrumentFactory(asset_tag="VN-0001")
    with _refused("asset_tag"), transaction.atomic():
        InstrumentFactory(asset_tag="VN-0001")
    with _refused("instrument_replacement_value_not_negative"), transaction.atomic():
        InstrumentFactory(replacement_value=Decimal("-0.01"))
    with _refused("instrument_purchase_cost_not_negative"), transaction.atomic():
        InstrumentFactory(purchase_cost=Decimal("-5"))
    assert Instrument.objects.count() == 1


def test_a_type_has_one_hire_fee_a_year_and_it_is_not_negative():
    fee = HireFeeFactory()
    with _refused("one_hire_fee_per_type_and_year"), transaction.atomic():
        HireFeeFactory(instrument_type=fee.instrument_type, academic_year=fee.academic_year)
    with _refused("hire_fee_not_negative"), transaction.atomic():
        HireFeeFactory(academic_year=factories.make_academic_year(2027), termly_fee=Decimal("-1"))
