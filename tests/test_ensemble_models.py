"""The ensembles' invariants, held by the database, each with a message a person can read: ages and grades in
order, a rehearsal that ends after it starts, a target that is not negative, one section of a name per
ensemble, one fee per ensemble and year, and an area for an area ensemble."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ensembles.models import Ensemble, EnsembleSection, Level
from tests.ensemble_factories import EnsembleFactory, EnsembleFeeFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _refused(constraint: str):
    return pytest.raises(IntegrityError, match=constraint)


@pytest.mark.parametrize(
    ("fields", "constraint", "message"),
    [
        (
            {"min_age": 15, "max_age": 11},
            "ensemble_ages_in_order",
            "The youngest age cannot be above the oldest",
        ),
        ({"min_grade": 6, "max_grade": 3}, "ensemble_grades_in_order", "The lowest grade cannot be above"),
        ({"max_grade": 9}, "ensemble_grade_at_most_8", "Grades run from 0 (none yet) to 8."),
        (
            {"starts_at": datetime.time(12), "ends_at": datetime.time(9, 30)},
            "ensemble_rehearsal_ends_after_start",
            "A rehearsal must end after it starts.",
        ),
        (
            {"starts_at": datetime.time(12), "ends_at": datetime.time(12)},
            "ensemble_rehearsal_ends_after_start",
            "A rehearsal must end after it starts.",
        ),
        ({"capacity": 0}, "ensemble_capacity_positive", "room for at least one member"),
        (
            {"level": Level.AREA, "area": None},
            "area_ensemble_has_an_area",
            "An area ensemble needs its area.",
        ),
    ],
)
def test_the_database_refuses_an_ensemble_out_of_order_with_a_clear_message(fields, constraint, message):
    with _refused(constraint), transaction.atomic():
        EnsembleFactory(**fields)
    assert not Ensemble.objects.exists()
    ensemble = EnsembleFactory.build(**fields)
    with pytest.raises(ValidationError, match=re.escape(message)):
        ensemble.validate_constraints()


def test_a_county_ensemble_needs_no_area():
    assert EnsembleFactory(level=Level.COUNTY, area=None).area is None


def test_one_section_name_per_ensemble_whatever_its_case():
    section = SectionFactory(name="Violins")
    with _refused("one_section_name_per_ensemble"), transaction.atomic():
        SectionFactory(ensemble=section.ensemble, name="VIOLINS")
    SectionFactory(name="Violins")  # another ensemble may have its own violins
    again = EnsembleSection(ensemble=section.ensemble, name="violins", target=4)
    with pytest.raises(ValidationError, match="This ensemble already has a section of that name."):
        again.validate_constraints()


def test_a_section_target_cannot_be_negative():
    with _refused("section_target_not_negative"), transaction.atomic():
        SectionFactory(target=-1)
    assert SectionFactory(target=0).target == 0


def test_one_fee_per_ensemble_and_year_and_never_negative(year):
    fee = EnsembleFeeFactory(academic_year=year)
    with _refused("one_fee_per_ensemble_and_year"), transaction.atomic():
        EnsembleFeeFactory(ensemble=fee.ensemble, academic_year=year)
    with _refused("ensemble_fee_not_negative"), transaction.atomic():
        EnsembleFeeFactory(academic_year=year, termly_fee=Decimal("-1.00"))
