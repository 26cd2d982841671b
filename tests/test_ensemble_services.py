"""Writes to ensembles through their services: adding and changing an ensemble (its slug, its leaders among
those with the role), its sections and its termly fees, each audited; what is refused is said at its field."""

import datetime
from decimal import Decimal

import pytest

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, EnsembleFee, EnsembleSection, Level
from ensembles.services import ensembles as ensemble_services
from ensembles.services import fees as fee_services
from ensembles.services import sections as section_services
from hub.models import AuditEvent, StaffRole
from tests import factories
from tests.ensemble_factories import EnsembleFactory, SectionFactory, instrument

pytestmark = pytest.mark.django_db


def _data(**changes) -> dict:
    data = {
        "name": "Brindleton Youth Strings",
        "level": Level.AREA,
        "area": factories.AreaFactory(name="Brindleton North", slug="brindleton-north"),
        "min_age": 8,
        "max_age": 13,
        "min_grade": 1,
        "max_grade": 4,
        "venue": "Brindleton Music Centre",
        "rehearsal_weekday": 5,
        "starts_at": datetime.time(9, 30),
        "ends_at": datetime.time(11, 30),
        "capacity": 45,
        "is_active": True,
        "description": "",
        "leaders": [],
    }
    return data | changes


def test_an_ensemble_is_added_with_a_slug_its_leaders_and_an_audit_line(hub_admin, ensemble_leader):
    ensemble = ensemble_services.add_ensemble(data=_data(leaders=[ensemble_leader]), by=hub_admin)
    assert ensemble.slug == "brindleton-youth-strings"
    assert list(ensemble.leaders.all()) == [ensemble_leader]
    event = AuditEvent.objects.get(object_id=str(ensemble.pk), action=AuditEvent.Action.CREATED)
    assert event.actor == hub_admin
    assert event.changes["leaders"] == [None, [str(ensemble_leader)]]
    second = ensemble_services.add_ensemble(data=_data(), by=hub_admin)
    assert second.slug == "brindleton-youth-strings-2"


def test_a_slug_is_never_a_word_of_the_staff_pages(hub_admin):
    assert ensemble_services.add_ensemble(data=_data(name="Fees"), by=hub_admin).slug == "fees-2"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_age": 14, "max_age": 9}, "max_age", "The youngest age cannot be above the oldest age."),
        (
            {"min_grade": 5, "max_grade": 2},
            "max_grade",
            "The lowest grade cannot be above the highest grade.",
        ),
        ({"ends_at": datetime.time(9)}, "ends_at", "A rehearsal must end after it starts."),
        ({"area": None}, "area", "An area ensemble needs its area."),
    ],
)
def test_an_ensemble_out_of_order_is_refused_at_its_field(hub_admin, changes, field, message):
    with pytest.raises(EnsemblesError, match=message) as refused:
        ensemble_services.add_ensemble(data=_data(**changes), by=hub_admin)
    assert refused.value.field == field
    assert not Ensemble.objects.exists()


def test_only_someone_with_the_leader_role_can_lead(hub_admin, tutor):
    with pytest.raises(EnsemblesError, match="does not hold the ensemble-leader role") as refused:
        ensemble_services.add_ensemble(data=_data(leaders=[tutor]), by=hub_admin)
    assert refused.value.field == "leaders"
    assert not Ensemble.objects.exists()


def test_a_change_is_audited_with_what_changed_and_a_new_name_gets_a_new_slug(hub_admin, ensemble_leader):
    ensemble = ensemble_services.add_ensemble(data=_data(leaders=[ensemble_leader]), by=hub_admin)
    ensemble_services.update_ensemble(
        ensemble=ensemble, data=_data(name="Brindleton Strings", capacity=50, leaders=[ensemble_leader]),
        by=ensemble_leader,
    )  # fmt: skip
    ensemble.refresh_from_db()
    assert (ensemble.slug, ensemble.capacity) == ("brindleton-strings", 50)
    event = AuditEvent.objects.get(object_id=str(ensemble.pk), action=AuditEvent.Action.UPDATED)
    assert event.changes == {
        "capacity": [45, 50],
        "name": ["Brindleton Youth Strings", "Brindleton Strings"],
    }


def test_a_leader_cannot_take_themselves_off_but_the_hub_admin_can(hub_admin, ensemble_leader):
    ensemble = ensemble_services.add_ensemble(data=_data(leaders=[ensemble_leader]), by=hub_admin)
    with pytest.raises(EnsemblesError, match="You cannot take yourself off") as refused:
        ensemble_services.update_ensemble(ensemble=ensemble, data=_data(), by=ensemble_leader)
    assert refused.value.field == "leaders"
    assert list(ensemble.leaders.all()) == [ensemble_leader]
    ensemble_services.update_ensemble(ensemble=ensemble, data=_data(), by=hub_admin)
    assert not ensemble.leaders.exists()


def test_sections_are_added_changed_and_removed_with_an_audit_line_each(hub_admin):
    ensemble = EnsembleFactory()
    violin, viola = instrument("Violin"), instrument("Viola")
    data = {"name": "  Upper   strings ", "instrument_types": [violin], "target": 12}
    section = section_services.add_section(ensemble=ensemble, data=data, by=hub_admin)
    assert section.name == "Upper strings"
    pk = section.pk
    data = {"name": "Strings", "instrument_types": [violin, viola], "target": 16}
    section_services.update_section(section=section, data=data, by=hub_admin)
    section.refresh_from_db()
    assert (section.name, section.target) == ("Strings", 16)
    assert set(section.instrument_types.all()) == {violin, viola}
    section_services.remove_section(section=section, by=hub_admin)
    assert not EnsembleSection.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(pk), object_repr__contains="Strings")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.UPDATED, AuditEvent.Action.DELETED]


def test_a_second_section_of_the_same_name_or_none_of_its_instruments_is_refused(hub_admin):
    first = SectionFactory(name="Violins")
    data = {"name": "violins", "instrument_types": [instrument("Violin")], "target": 8}
    with pytest.raises(EnsemblesError, match="already has a section called violins") as refused:
        section_services.add_section(ensemble=first.ensemble, data=data, by=hub_admin)
    assert refused.value.field == "name"
    with pytest.raises(EnsemblesError, match="Choose at least one instrument") as refused:
        section_services.add_section(
            ensemble=first.ensemble, data=data | {"name": "Cellos", "instrument_types": []}, by=hub_admin
        )
    assert refused.value.field == "instrument_types"
    assert EnsembleSection.objects.count() == 1


def test_fees_are_set_changed_and_taken_away_per_year(hub_admin, year):
    strings, brass = EnsembleFactory(), EnsembleFactory()
    set_fees = fee_services.set_ensemble_fees
    assert set_fees(academic_year=year, fees={strings: Decimal("45"), brass: None}, by=hub_admin) == 1
    assert set_fees(academic_year=year, fees={strings: Decimal("45.00"), brass: None}, by=hub_admin) == 0
    assert (
        set_fees(academic_year=year, fees={strings: Decimal("50.005"), brass: Decimal(30)}, by=hub_admin) == 2
    )
    fees = dict(EnsembleFee.objects.values_list("ensemble_id", "termly_fee"))
    assert fees == {strings.pk: Decimal("50.01"), brass.pk: Decimal("30.00")}  # rounded half up
    assert set_fees(academic_year=year, fees={strings: None}, by=hub_admin) == 1
    assert not EnsembleFee.objects.filter(ensemble=strings).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).count() == 1


def test_a_negative_fee_is_refused_and_nothing_is_saved(hub_admin, year):
    strings, brass = EnsembleFactory(name="Strings"), EnsembleFactory()
    with pytest.raises(EnsemblesError, match="The fee for Strings cannot be negative."):
        fee_services.set_ensemble_fees(
            academic_year=year, fees={brass: Decimal(30), strings: Decimal(-1)}, by=hub_admin
        )
    assert not EnsembleFee.objects.exists()


def test_the_leader_role_is_what_the_leader_list_offers(staff_groups, ensemble_leader, tutor):
    from ensembles.selectors.ensembles import leader_choices

    both = factories.make_staff(StaffRole.TUTOR, StaffRole.ENSEMBLE_LEADER)
    assert set(leader_choices()) == {ensemble_leader, both}
