"""factory_boy factories for the instrument store's tests: types with sizes, instruments, hire fees, requests,
hires and class sets, condition checks and repairs.

Hires are built two ways. `allocated`, `accepted` and `out` go through the services, as the store's desk does,
so a test of the hire desk starts from a hire the app itself made (its audit, status and agreement included).
`HireFactory` with `mark_out` and `mark_returned`, `family_hire` and `class_set` write the rows directly:
billing, reminders, reports and history need hires on given past dates, and the model tests need rows that
the services would refuse before the database could."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from hub.models import InstrumentFamily, InstrumentType
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
from instruments.services import agreements, allocation, hires
from tests import factories
from tests.tuition_factories import academic_year

# Every size the size guide knows for a violin (tests/test_instrument_size_guide.py), "1/10" included: the
# hire request's messages list them all.
VIOLIN_SIZES = ["1/16", "1/10", "1/8", "1/4", "1/2", "3/4", "4/4"]


def instrument_type(name: str, sizes: list[str] | None = None, **fields) -> InstrumentType:
    """The type of that name, made or brought up to date with the sizes given (another factory may have made
    it with none)."""
    slug = name.lower().replace(" ", "-")
    found, _ = InstrumentType.objects.get_or_create(
        slug=slug, defaults={"name": name, "family": fields.pop("family", InstrumentFamily.STRINGS)}
    )
    changes = {"sizes": list(sizes or []), "hireable": True, **fields}
    for key, value in changes.items():
        setattr(found, key, value)
    found.save()
    return found


def violin() -> InstrumentType:
    """The catalogue's violin, in every size the store lends."""
    return instrument_type("Violin", VIOLIN_SIZES)


def clarinet() -> InstrumentType:
    """A type with one size."""
    return instrument_type("Clarinet", [], family=InstrumentFamily.WOODWIND)


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
    replacement_value = Decimal("180.00")
    status = Instrument.Status.AVAILABLE
    school = None


class HireFeeFactory(factory.django.DjangoModelFactory):
    """The type's fee for the year. A second for the same type and year is refused by the database, as the
    model tests check: `accepted` sets one only where there is none."""

    class Meta:
        model = HireFee

    instrument_type = factory.LazyFunction(violin)
    academic_year = factory.LazyFunction(academic_year)
    termly_fee = Decimal("45.00")


class HireRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HireRequest

    pupil = factory.SubFactory(factories.PupilFactory)
    requested_by = factory.LazyAttribute(lambda o: o.pupil.guardians.first() or factories.GuardianFactory())
    instrument_type = factory.LazyFunction(violin)
    size = "3/4"
    requested_at = factory.LazyFunction(timezone.now)


class ClassSetLoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassSetLoan

    school = factory.SubFactory(factories.SchoolFactory)


# Through the services: a hire as the desk makes it.


def allocated(child, instrument: Instrument | None = None, *, by=None) -> Hire:
    """Through the services: a hire of an instrument (a new 3/4 violin unless given) to the child, allocated
    from a request; the agreement waits for the family."""
    instrument = instrument or InstrumentFactory()
    request = HireRequestFactory(
        pupil=child, instrument_type=instrument.instrument_type, size=instrument.size
    )
    return allocation.allocate(hire_request=request, instrument=instrument, by=by)


def accepted(child, instrument: Instrument | None = None, *, by=None) -> Hire:
    """Through the services: an allocated hire whose agreement the child's first guardian has accepted (the
    year's fee is set if the test has not set one)."""
    hire = allocated(child, instrument, by=by)
    fee_type = hire.instrument.instrument_type
    if not HireFee.objects.filter(instrument_type=fee_type, academic_year=academic_year()).exists():
        HireFeeFactory(instrument_type=fee_type)
    return agreements.accept_agreement(hire=hire, by=child.guardians.first().user)


def out(child, instrument: Instrument | None = None, *, by=None) -> Hire:
    """Through the services: a hire checked out today in the instrument's own condition."""
    hire = accepted(child, instrument, by=by)
    return hires.check_out(hire=hire, condition=hire.instrument.condition, on=timezone.localdate(), by=by)


# Written directly: hires on given dates for billing, reminders, reports and history, and rows for the
# database's own constraints to refuse.


class HireFactory(factory.django.DjangoModelFactory):
    """Written directly: a family's hire, allocated; `mark_out()` and `mark_returned()` move one on."""

    class Meta:
        model = Hire

    instrument = factory.SubFactory(InstrumentFactory)
    pupil = factory.SubFactory(factories.PupilFactory)
    payer = factory.SubFactory(factories.GuardianFactory)
    allocated_at = factory.LazyFunction(timezone.now)


def mark_out(hire: Hire, *, on: datetime.date, due: datetime.date | None = None) -> Hire:
    """Written directly: the hire's agreement accepted and the instrument checked out on the day."""
    hire.agreement_accepted_at = hire.agreement_accepted_at or timezone.now()
    hire.status = Hire.Status.OUT
    hire.checked_out_on = on
    hire.condition_out = Condition.GOOD
    hire.due_back_on = due
    hire.save()
    return hire


def mark_returned(hire: Hire, *, on: datetime.date, condition: str = Condition.GOOD) -> Hire:
    """Written directly: the hire returned on the day in the condition given."""
    hire.status = Hire.Status.RETURNED
    hire.returned_on = on
    hire.condition_in = condition
    hire.save()
    return hire


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def family_hire(
    pupil,
    payer,
    instrument: Instrument | None = None,
    *,
    out_on: datetime.date = datetime.date(2026, 9, 7),
    due_back_on: datetime.date | None = datetime.date(2027, 7, 20),
    returned_on: datetime.date | None = None,
) -> Hire:
    """Written directly, on the dates given: a family's hire, its agreement accepted and the instrument
    checked out (and returned, if given), as billing, reminders and reports find it."""
    instrument = instrument or InstrumentFactory()
    hire = Hire.objects.create(
        instrument=instrument,
        pupil=pupil,
        payer=payer,
        status=Hire.Status.RETURNED if returned_on else Hire.Status.OUT,
        allocated_at=_at(out_on - datetime.timedelta(days=3)),
        agreement_accepted_at=_at(out_on - datetime.timedelta(days=1)),
        agreement_accepted_by=payer.user,
        agreed_replacement_value=instrument.replacement_value,
        checked_out_on=out_on,
        condition_out=Condition.GOOD,
        due_back_on=due_back_on,
        returned_on=returned_on,
        condition_in=Condition.GOOD if returned_on else "",
    )
    Instrument.objects.filter(pk=instrument.pk).update(
        status=Instrument.Status.AVAILABLE if returned_on else Instrument.Status.ON_HIRE
    )
    return hire


def class_set(
    school,
    count: int = 3,
    *,
    free_under_sla: bool = False,
    out_on: datetime.date = datetime.date(2026, 9, 7),
    due_back_on: datetime.date | None = datetime.date(2027, 7, 20),
) -> ClassSetLoan:
    """Written directly, on the dates given: a class set of `count` violins lent to the school, each a hire
    of its own, all out."""
    loan = ClassSetLoan.objects.create(school=school, free_under_sla=free_under_sla)
    for _ in range(count):
        instrument = InstrumentFactory(status=Instrument.Status.ON_HIRE)
        Hire.objects.create(
            instrument=instrument,
            class_set=loan,
            status=Hire.Status.OUT,
            allocated_at=_at(out_on - datetime.timedelta(days=3)),
            checked_out_on=out_on,
            condition_out=Condition.GOOD,
            due_back_on=due_back_on,
        )
    return loan


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
