"""factory_boy factories for the ensembles' tests: ensembles, their sections, their termly fees and their
members."""

import datetime
from decimal import Decimal

import factory

from ensembles.models import Ensemble, EnsembleFee, EnsembleSection, Level, Membership
from hub.models import InstrumentFamily, InstrumentType
from tests import factories
from tests.tuition_factories import academic_year


def instrument(name: str, family: str = InstrumentFamily.STRINGS) -> InstrumentType:
    """The catalogue's type of that name, made if it is not there yet."""
    slug = name.lower().replace(" ", "-")
    found, _ = InstrumentType.objects.get_or_create(slug=slug, defaults={"name": name, "family": family})
    return found


class EnsembleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ensemble
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Area Youth Orchestra {n}")
    slug = factory.Sequence(lambda n: f"area-youth-orchestra-{n}")
    level = Level.AREA
    area = factory.SubFactory(factories.AreaFactory)
    min_age, max_age = 8, 14
    min_grade, max_grade = 1, 4
    venue = "Brindleton Music Centre"
    rehearsal_weekday = 5  # Saturday
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 0)
    capacity = 60
    is_active = True

    @factory.post_generation
    def leaders(self, create, value, **kwargs):
        if create and value:
            self.leaders.add(*value)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnsembleSection
        skip_postgeneration_save = True

    ensemble = factory.SubFactory(EnsembleFactory)
    name = factory.Sequence(lambda n: f"Section {n}")
    target = 10

    @factory.post_generation
    def instrument_types(self, create, value, **kwargs):
        if create:
            self.instrument_types.add(*(value or [instrument("Violin")]))


class EnsembleFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnsembleFee

    ensemble = factory.SubFactory(EnsembleFactory)
    academic_year = factory.LazyFunction(academic_year)
    termly_fee = Decimal("45.00")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A child in a section for the 2026/27 year, paid for by their first guardian (one made if none)."""

    class Meta:
        model = Membership

    section = factory.SubFactory(SectionFactory)
    ensemble = factory.LazyAttribute(lambda m: m.section.ensemble)
    pupil = factory.SubFactory(factories.PupilFactory)
    instrument = factory.LazyFunction(lambda: instrument("Violin"))
    academic_year = factory.LazyFunction(academic_year)
    payer = factory.LazyAttribute(lambda m: m.pupil.guardians.first() or _guardian_of(m.pupil))
    joined_on = datetime.date(2026, 9, 1)


def _guardian_of(pupil):
    guardian = factories.GuardianFactory()
    pupil.guardians.add(guardian)
    return guardian
