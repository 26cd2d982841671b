"""factory_boy factories for the instrument store: instruments, hire fees, requests, hires and class sets,
condition checks and repairs."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from hub.models import InstrumentType
from instruments.models import (
    ClassSetLoan,
    Condition,
    ConditionCheck,
    Hire,
    HireFee,
    HireRequest,
    Instrument,
    Repair,
)
from tests import factories
from tests.tuition_factories import academic_year

VIOLIN_SIZES = ["1/16", "1/8", "1/4", "1/2", "3/4", "4/4"]


def violin() -> InstrumentType:
    """The catalogue's violin, in the sizes the store lends."""
    return factories.InstrumentTypeFactory(name="Violin", slug="violin", family="strings", sizes=VIOLIN_SIZES)


def clarinet() -> InstrumentType:
    """A type with one size."""
    return factories.InstrumentTypeFactory(name="Clarinet", slug="clarinet", family="woodwind", sizes=[])


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    asset_tag = factory.Sequence(lambda n: f"ST-{n:04d}")  # never a tag a test names (VN-0042)
    instrument_type = factory.LazyFunction(violin)
    size = "3/4"
    make = "Stentor"
    model = "Student II"
    serial_number = factory.Sequence(lambda n: f"S{100000 + n}")
    condition = Condition.GOOD
    purchased_on = datetime.date(2022, 9, 1)
    purchase_cost = Decimal("189.00")
    replacement_value = Decimal("250.00")
    status = Instrument.Status.AVAILABLE
    school = None


class HireFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HireFee

    instrument_type = factory.LazyFunction(violin)
    academic_year = factory.LazyFunction(academic_year)
    termly_fee = Decimal("35.00")


class HireRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HireRequest

    pupil = factory.SubFactory(factories.PupilFactory)
    requested_by = factory.SubFactory(factories.GuardianFactory)
    instrument_type = factory.LazyFunction(violin)
    size = "3/4"
    requested_at = factory.LazyFunction(timezone.now)


class ClassSetLoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassSetLoan

    school = factory.SubFactory(factories.SchoolFactory)


class HireFactory(factory.django.DjangoModelFactory):
    """A family's hire, allocated; `out()` and `returned()` move one on."""

    class Meta:
        model = Hire

    instrument = factory.SubFactory(InstrumentFactory)
    pupil = factory.SubFactory(factories.PupilFactory)
    payer = factory.SubFactory(factories.GuardianFactory)
    allocated_at = factory.LazyFunction(timezone.now)


def out(hire: Hire, *, on: datetime.date, due: datetime.date | None = None) -> Hire:
    """The hire's agreement accepted and the instrument checked out on the day."""
    hire.agreement_accepted_at = hire.agreement_accepted_at or timezone.now()
    hire.status = Hire.Status.OUT
    hire.checked_out_on = on
    hire.condition_out = Condition.GOOD
    hire.due_back_on = due
    hire.save()
    return hire


def returned(hire: Hire, *, on: datetime.date, condition: str = Condition.GOOD) -> Hire:
    hire.status = Hire.Status.RETURNED
    hire.returned_on = on
    hire.condition_in = condition
    hire.save()
    return hire


class ConditionCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionCheck

    instrument = factory.SubFactory(InstrumentFactory)
    checked_at = factory.LazyFunction(timezone.now)
    grade = Condition.GOOD


class RepairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Repair

    instrument = factory.SubFactory(InstrumentFactory)
    fault = "Cracked bridge"
    repairer = "County Strings Ltd"
    sent_on = datetime.date(2026, 10, 1)
