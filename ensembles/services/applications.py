"""A family's application for a child to join an ensemble: made by one of the child's parents or carers for
the current academic year, checked against the ensemble's ages, grades and instruments, and withdrawn."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import Application, AuditionSlot, Ensemble, EnsembleSection
from ensembles.models.ensembles import HIGHEST_GRADE
from hub.audit import record_change, snapshot
from hub.models import AcademicYear, AuditEvent, Guardian, InstrumentType, User
from hub.selectors import current_academic_year
from schools.models import Pupil

APPLICATION_FIELDS = ["ensemble", "pupil", "instrument", "grade", "status", "section", "outcome_note"]


def guardian_of(pupil: Pupil, by: User) -> Guardian:
    """The signed-in parent, if they are one of the child's; nobody applies for another family's child."""
    guardian = getattr(by, "guardian", None)
    if guardian is None or not pupil.guardians.filter(pk=guardian.pk).exists():
        raise EnsemblesError("Only the child's parents and carers can apply for them.", field="child")
    return guardian


def instruments_taken(ensemble: Ensemble) -> list[InstrumentType]:
    """The instruments some section of the ensemble takes, by name."""
    used = EnsembleSection.objects.filter(ensemble=ensemble).values("instrument_types")
    return list(InstrumentType.objects.filter(pk__in=used).order_by("name"))


def check_eligible(*, ensemble: Ensemble, pupil: Pupil, grade: int, instrument: InstrumentType) -> None:
    """The ensemble's rules for a child, each refusal at its field: age today (the listing's rule), grade and
    an instrument its sections take."""
    age = pupil.age_on(timezone.localdate())
    if not ensemble.takes_age(age):
        raise EnsemblesError(
            f"{ensemble.name} is for ages {ensemble.min_age} to {ensemble.max_age}: "
            f"{pupil.first_name} is {age}.",
            field="child",
        )
    if not 0 <= grade <= HIGHEST_GRADE:
        raise EnsemblesError(f"Grades run from 0 (none yet) to {HIGHEST_GRADE}.", field="grade")
    if not ensemble.min_grade <= grade <= ensemble.max_grade:
        raise EnsemblesError(
            f"{ensemble.name} is for grades {ensemble.min_grade} to {ensemble.max_grade}: you gave grade "
            f"{grade}.",
            field="grade",
        )
    if instrument.pk not in {item.pk for item in instruments_taken(ensemble)}:
        raise EnsemblesError(
            f"{ensemble.name} has no section for the {instrument.name.lower()}.", field="instrument"
        )


def _already_applied(pupil: Pupil, ensemble: Ensemble, year: AcademicYear) -> EnsemblesError:
    return EnsemblesError(
        f"{pupil.first_name} has already applied to {ensemble.name} for {year}: see your applications.",
        field="child",
    )


@transaction.atomic
def apply(
    *,
    ensemble: Ensemble,
    pupil: Pupil,
    instrument: InstrumentType,
    grade: int,
    experience: str = "",
    current_teacher: str = "",
    by: User,
) -> Application:
    """Apply for a child to join the ensemble this academic year; it waits for staff's decision."""
    guardian = guardian_of(pupil, by)
    year = current_academic_year()
    if year is None:
        raise EnsemblesError("The hub has not set up this academic year yet: please try again later.")
    if not ensemble.is_active:
        raise EnsemblesError(f"{ensemble.name} is not taking applications.")
    check_eligible(ensemble=ensemble, pupil=pupil, grade=grade, instrument=instrument)
    live = Application.objects.filter(pupil=pupil, ensemble=ensemble, academic_year=year)
    if live.exclude(status=Application.Status.WITHDRAWN).exists():
        raise _already_applied(pupil, ensemble, year)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                ensemble=ensemble,
                pupil=pupil,
                academic_year=year,
                instrument=instrument,
                grade=grade,
                experience=experience.strip(),
                current_teacher=current_teacher.strip(),
                applied_by=guardian,
                applied_at=timezone.now(),
            )
    except IntegrityError as error:  # the same application sent twice at once
        if "one_application_per_pupil_ensemble_year" in str(error):
            raise _already_applied(pupil, ensemble, year) from error
        raise
    after = snapshot(application, APPLICATION_FIELDS)
    record_change(actor=by, instance=application, action=AuditEvent.Action.CREATED, after=after)
    return application


def lock_application(application: Application) -> Application:
    """The application's row, locked until the transaction ends and read afresh, with what it names."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("pupil", "ensemble", "academic_year", "instrument", "applied_by__user")
        .get(pk=application.pk)
    )


def set_status(locked: Application, status: str, *, by: User, **fields) -> None:
    """Move a (locked) application to the status, closed unless it is still open, and audit it."""
    before = snapshot(locked, APPLICATION_FIELDS)
    locked.status = status
    locked.closed_at = None if locked.is_open else timezone.now()
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "closed_at", *fields])
    after = snapshot(locked, APPLICATION_FIELDS)
    record_change(actor=by, instance=locked, action=AuditEvent.Action.UPDATED, before=before, after=after)


@transaction.atomic
def withdraw(*, application: Application, by: User) -> Application:
    """The family no longer wants the place: the application closes, and its audition slot is freed."""
    locked = lock_application(application)
    guardian_of(locked.pupil, by)
    if not locked.is_open:
        raise EnsemblesError(f"This application is already closed: {locked.get_status_display().lower()}.")
    set_status(locked, Application.Status.WITHDRAWN, by=by)
    AuditionSlot.objects.filter(application=locked).update(application=None)
    return locked
