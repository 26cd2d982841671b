"""factory_boy factories for the instrument store's stock and hires, as billing, reminders, labels and reports
need them: instruments, hire fees, a family's hire on loan and a class set lent to a school."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from instruments.models import ClassSetLoan, Condition, Hire, HireFee, Instrument
from tests import factories
from tests.tuition_factories import academic_year


def violin():
    return factories.InstrumentTypeFactory(name="Violin", slug="violin", sizes=["1/2", "3/4", "4/4"])


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    asset_tag = factory.Sequence(lambda n: f"HB-{n:04d}")  # never a tag a test names (VN-0042)
    instrument_type = factory.LazyFunction(violin)
    size = "3/4"
    make = "Stentor"
    model = "Student II"
    condition = Condition.GOOD
    replacement_value = Decimal("180.00")
    status = Instrument.Status.AVAILABLE


def hire_fee(instrument_type, fee: str = "45.00", start_year: int = 2026) -> HireFee:
    return HireFee.objects.create(
        instrument_type=instrument_type, academic_year=academic_year(start_year), termly_fee=Decimal(fee)
    )


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
    """A family's hire, its agreement accepted and the instrument checked out (and returned, if given)."""
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
    """A class set of `count` violins lent to the school, each a hire of its own, all out."""
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
