"""Writes to an ensemble's sections: adding, changing and removing one. Every change is audited."""

from django.db import IntegrityError, transaction

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, EnsembleSection
from hub.audit import record_change, snapshot
from hub.models import AuditEvent, InstrumentType, User

SECTION_FIELDS = ["name", "target"]


def _check(section: EnsembleSection, instrument_types: list[InstrumentType]) -> None:
    section.name = " ".join(section.name.split())
    if not section.name:
        raise EnsemblesError("Give the section's name.", field="name")
    if not instrument_types:
        raise EnsemblesError("Choose at least one instrument the section takes.", field="instrument_types")
    taken = EnsembleSection.objects.filter(ensemble_id=section.ensemble_id, name__iexact=section.name)
    if taken.exclude(pk=section.pk).exists():
        raise EnsemblesError(f"This ensemble already has a section called {section.name}.", field="name")


def _save(section: EnsembleSection, instrument_types: list[InstrumentType]) -> None:
    try:
        with transaction.atomic():
            section.save()
    except IntegrityError as error:
        if "one_section_name_per_ensemble" in str(error):
            raise EnsemblesError(
                f"This ensemble already has a section called {section.name}.", field="name"
            ) from error
        raise
    section.instrument_types.set(instrument_types)


def _snapshot(section: EnsembleSection, instrument_types: list[InstrumentType]) -> dict:
    return snapshot(section, SECTION_FIELDS) | {"instrument_types": sorted(t.name for t in instrument_types)}


@transaction.atomic
def add_section(*, ensemble: Ensemble, data: dict, by: User) -> EnsembleSection:
    """A new section of the ensemble, with the instrument types it takes and its target number."""
    types = list(data["instrument_types"])
    section = EnsembleSection(ensemble=ensemble, name=data["name"], target=data["target"])
    _check(section, types)
    _save(section, types)
    record_change(
        actor=by, instance=section, action=AuditEvent.Action.CREATED, after=_snapshot(section, types)
    )
    return section


@transaction.atomic
def update_section(*, section: EnsembleSection, data: dict, by: User) -> EnsembleSection:
    """Change a section's name, instruments or target."""
    section = EnsembleSection.objects.select_for_update().get(pk=section.pk)
    before = _snapshot(section, list(section.instrument_types.all()))
    types = list(data["instrument_types"])
    section.name, section.target = data["name"], data["target"]
    _check(section, types)
    _save(section, types)
    after = _snapshot(section, types)
    record_change(actor=by, instance=section, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return section


@transaction.atomic
def remove_section(*, section: EnsembleSection, by: User) -> None:
    """Take a section off its ensemble."""
    before = _snapshot(section, list(section.instrument_types.all()))
    record_change(actor=by, instance=section, action=AuditEvent.Action.DELETED, before=before)
    section.delete()
