"""factory_boy factories for the ensembles' tests: ensembles, their sections and their termly fees,
applications, audition slots, members and rehearsals."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from ensembles.models import (
    Application,
    AuditionSlot,
    Ensemble,
    EnsembleFee,
    EnsembleSection,
    Level,
    Membership,
    Rehearsal,
)
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


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application waiting for a decision, by the child's first guardian (made with the child)."""

    class Meta:
        model = Application

    ensemble = factory.SubFactory(EnsembleFactory)
    pupil = factory.LazyAttribute(lambda o: factories.PupilFactory(guardians=[o.applied_by]))
    academic_year = factory.LazyFunction(academic_year)
    instrument = factory.LazyFunction(lambda: instrument("Violin"))
    grade = 2
    applied_by = factory.SubFactory(factories.GuardianFactory)
    applied_at = factory.LazyFunction(timezone.now)


class AuditionSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditionSlot

    ensemble = factory.SubFactory(EnsembleFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(10, 15)
    place = "Room 4, Brindleton Music Centre"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of a section for a year, paid for by one of the child's guardians: the payer given (linked to
    the child if not yet), or the child's first guardian (one made if none)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    ensemble = factory.LazyAttribute(lambda m: m.section.ensemble)
    pupil = factory.SubFactory(factories.PupilFactory)
    instrument = factory.LazyFunction(lambda: instrument("Violin"))
    academic_year = factory.LazyFunction(academic_year)
    payer = factory.LazyAttribute(lambda m: m.pupil.guardians.first() or _guardian_of(m.pupil))
    joined_on = factory.LazyAttribute(lambda m: m.academic_year.starts_on)

    @factory.post_generation
    def payer_is_a_guardian(membership, create, extracted, **kwargs):
        if create:
            membership.pupil.guardians.add(membership.payer)


def _guardian_of(pupil):
    guardian = factories.GuardianFactory()
    pupil.guardians.add(guardian)
    return guardian


def join(pupil, ensemble: Ensemble, *, year=None, joined_on=None, left_on=None) -> Membership:
    """The pupil a member of the ensemble's first section (made if it has none) for the year (2026/27)."""
    year = year or academic_year()
    section = ensemble.sections.order_by("pk").first() or SectionFactory(ensemble=ensemble)
    return Membership.objects.create(
        ensemble=ensemble,
        section=section,
        pupil=pupil,
        instrument=section.instrument_types.first(),
        academic_year=year,
        payer=pupil.guardians.first(),
        joined_on=joined_on or year.starts_on,
        left_on=left_on,
        leave_reason="Moving away" if left_on else "",
    )


class RehearsalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rehearsal

    ensemble = factory.SubFactory(EnsembleFactory)
    date = datetime.date(2026, 10, 3)
    starts_at = factory.SelfAttribute("ensemble.starts_at")
    ends_at = factory.SelfAttribute("ensemble.ends_at")
    venue = factory.SelfAttribute("ensemble.venue")
