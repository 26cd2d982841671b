"""Staff's decision on an application: accepted into a section (a Membership for the year, paid for by the
guardian who applied, within the ensemble's capacity), the waiting list, or declined; the family is e-mailed
each."""

from django.db import transaction
from django.utils import timezone

from ensembles import emails
from ensembles.errors import EnsemblesError
from ensembles.models import Application, Ensemble, EnsembleSection, Membership
from ensembles.services.applications import lock_application, set_status
from hub.audit import record_change, snapshot
from hub.models import AcademicYear, AuditEvent, User

LONGEST_NOTE = 2000
MEMBERSHIP_FIELDS = ["ensemble", "section", "pupil", "instrument", "academic_year", "payer", "joined_on"]


def members_in(ensemble: Ensemble, year: AcademicYear) -> int:
    """How many hold a place in the ensemble for the year (those who left do not)."""
    return Membership.objects.filter(ensemble=ensemble, academic_year=year, left_on__isnull=True).count()


def lock_ensemble(ensemble: Ensemble) -> Ensemble:
    """The ensemble's row, locked until the transaction ends: every place given in it is counted under this
    lock, so that two staff accepting the last place at once cannot both give it."""
    return Ensemble.objects.select_for_update().get(pk=ensemble.pk)


def _accept(locked: Application, section: EnsembleSection | None, by: User) -> Membership:
    if section is None:
        raise EnsemblesError("Choose the section the child joins.", field="section")
    if section.ensemble_id != locked.ensemble_id:
        raise EnsemblesError("Choose one of this ensemble's sections.", field="section")
    if not section.instrument_types.filter(pk=locked.instrument_id).exists():
        raise EnsemblesError(
            f"The {section.name} section does not take the {locked.instrument.name.lower()}.", field="section"
        )
    ensemble = lock_ensemble(locked.ensemble)
    if members_in(ensemble, locked.academic_year) >= ensemble.capacity:
        raise EnsemblesError(
            f"{ensemble.name} is full for {locked.academic_year} (capacity {ensemble.capacity}): put the "
            "child on the waiting list, or record a leaver first.",
            field="outcome",
        )
    if Membership.objects.filter(
        pupil=locked.pupil, ensemble=ensemble, academic_year=locked.academic_year
    ).exists():
        raise EnsemblesError(f"{locked.pupil.first_name} is already a member for {locked.academic_year}.")
    year = locked.academic_year
    membership = Membership.objects.create(
        ensemble=ensemble,
        section=section,
        pupil=locked.pupil,
        instrument=locked.instrument,
        academic_year=year,
        payer=locked.applied_by,
        joined_on=max(timezone.localdate(), year.starts_on),
    )
    after = snapshot(membership, MEMBERSHIP_FIELDS)
    record_change(actor=by, instance=membership, action=AuditEvent.Action.CREATED, after=after)
    return membership


@transaction.atomic
def record_outcome(
    *,
    application: Application,
    outcome: str,
    section: EnsembleSection | None = None,
    note: str = "",
    by: User,
) -> Application:
    """Accept (into a section), wait-list or decline an open application, and e-mail the family."""
    locked = lock_application(application)
    if not locked.is_open:
        raise EnsemblesError(f"This application is already closed: {locked.get_status_display().lower()}.")
    note = note.strip()
    if len(note) > LONGEST_NOTE:
        raise EnsemblesError(f"A note is at most {LONGEST_NOTE} characters.", field="note")
    if outcome == Application.Status.ACCEPTED:
        _accept(locked, section, by)
    elif outcome == Application.Status.WAITING_LIST:
        if locked.status == Application.Status.WAITING_LIST:
            raise EnsemblesError("This application is already on the waiting list.", field="outcome")
        section = None
    elif outcome == Application.Status.DECLINED:
        section = None
    else:
        raise EnsemblesError("Choose an outcome.", field="outcome")
    set_status(
        locked, outcome, by=by, section=section, outcome_note=note, decided_at=timezone.now(), decided_by=by
    )
    emails.tell_of_outcome(locked)
    return locked
