"""factory_boy factories for the hire desk's tests: types with sizes, instruments, hire fees, requests, and
hires at each step of their life (allocated, agreement accepted, out)."""

from decimal import Decimal

import factory
from django.utils import timezone

from hub.models import InstrumentFamily, InstrumentType
from instruments.models import Condition, HireFee, HireRequest, Instrument
from instruments.services import agreements, allocation, hires
from tests import factories
from tests.tuition_factories import academic_year

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
    return instrument_type("Violin", VIOLIN_SIZES)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    asset_tag = factory.Sequence(lambda n: f"HD-{n:04d}")  # never a tag a test names
    instrument_type = factory.LazyFunction(violin)
    size = "3/4"
    make = "Stentor"
    model = "Student II"
    serial_number = factory.Sequence(lambda n: f"SN{n:06d}")
    condition = Condition.GOOD
    replacement_value = Decimal("320.00")


class HireFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HireFee
        django_get_or_create = ["instrument_type", "academic_year"]

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


def allocated(child, instrument: Instrument | None = None, *, by=None):
    """A hire of an instrument (a new 3/4 violin unless given) to the child, allocated from a request: the
    agreement waits for the family."""
    instrument = instrument or InstrumentFactory()
    request = HireRequestFactory(
        pupil=child, instrument_type=instrument.instrument_type, size=instrument.size
    )
    return allocation.allocate(hire_request=request, instrument=instrument, by=by)


def accepted(child, instrument: Instrument | None = None, *, by=None):
    """An allocated hire whose agreement the child's first guardian has accepted (the year's fee is set)."""
    hire = allocated(child, instrument, by=by)
    HireFeeFactory(instrument_type=hire.instrument.instrument_type)
    return agreements.accept_agreement(hire=hire, by=child.guardians.first().user)


def out(child, instrument: Instrument | None = None, *, by=None):
    """A hire checked out today in the instrument's own condition."""
    hire = accepted(child, instrument, by=by)
    return hires.check_out(hire=hire, condition=hire.instrument.condition, on=timezone.localdate(), by=by)
