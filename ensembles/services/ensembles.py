"""Writes to ensembles: adding one and changing it, its leaders among them. Every change is audited."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, Level
from hub.access import has_role
from hub.audit import record_change, snapshot
from hub.models import AuditEvent, StaffRole, User

ENSEMBLE_FIELDS = [
    "name",
    "level",
    "area",
    "min_age",
    "max_age",
    "min_grade",
    "max_grade",
    "venue",
    "rehearsal_weekday",
    "starts_at",
    "ends_at",
    "capacity",
    "is_active",
    "description",
]
# The staff pages' own words under staff/ensembles/: an ensemble's slug is never one of them.
RESERVED_SLUGS = {"add", "applications", "auditions", "calendars", "dates", "fees", "members", "sections"}


def slug_for(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug for the name that no other ensemble has: "brindleton-youth-strings", then "...-2"."""
    base = slugify(name)[:100] or "ensemble"
    others = Ensemble.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check(ensemble: Ensemble, leaders: list[User]) -> None:
    """The rules a form should have caught, at their fields; the database's constraints have the last word."""
    if ensemble.level == Level.AREA and ensemble.area_id is None:
        raise EnsemblesError("An area ensemble needs its area.", field="area")
    if ensemble.min_age > ensemble.max_age:
        raise EnsemblesError("The youngest age cannot be above the oldest age.", field="max_age")
    if ensemble.min_grade > ensemble.max_grade:
        raise EnsemblesError("The lowest grade cannot be above the highest grade.", field="max_grade")
    if ensemble.ends_at <= ensemble.starts_at:
        raise EnsemblesError("A rehearsal must end after it starts.", field="ends_at")
    leading = set(
        User.objects.filter(
            pk__in=[leader.pk for leader in leaders], groups__name=StaffRole.ENSEMBLE_LEADER
        ).values_list("pk", flat=True)
    )
    for leader in leaders:
        if leader.pk not in leading:
            raise EnsemblesError(f"{leader} does not hold the ensemble-leader role.", field="leaders")


def _save(ensemble: Ensemble, leaders: list[User]) -> None:
    """Save with the leaders; the database's refusal of a name taken at the same moment becomes a message."""
    try:
        with transaction.atomic():
            ensemble.save()
    except IntegrityError as error:
        if "slug" in str(error):
            raise EnsemblesError("Another ensemble already has this name.", field="name") from error
        raise
    ensemble.leaders.set(leaders)


def _snapshot(ensemble: Ensemble, leaders: list[User]) -> dict:
    return snapshot(ensemble, ENSEMBLE_FIELDS) | {"leaders": sorted(str(leader) for leader in leaders)}


@transaction.atomic
def add_ensemble(*, data: dict, by: User) -> Ensemble:
    """A new ensemble, with its leaders."""
    leaders = list(data["leaders"])
    ensemble = Ensemble(**{name: data[name] for name in ENSEMBLE_FIELDS})
    _check(ensemble, leaders)
    ensemble.slug = slug_for(ensemble.name)
    _save(ensemble, leaders)
    after = _snapshot(ensemble, leaders)
    record_change(actor=by, instance=ensemble, action=AuditEvent.Action.CREATED, after=after)
    return ensemble


@transaction.atomic
def update_ensemble(*, ensemble: Ensemble, data: dict, by: User) -> Ensemble:
    """Change an ensemble; a leader who is not the hub admin cannot take themselves off it."""
    ensemble = Ensemble.objects.select_for_update().get(pk=ensemble.pk)
    before = _snapshot(ensemble, list(ensemble.leaders.all()))
    leaders = list(data["leaders"])
    if not has_role(by, StaffRole.HUB_ADMIN) and by not in leaders:
        raise EnsemblesError(
            "You cannot take yourself off an ensemble you lead: ask the hub admin.", field="leaders"
        )
    for name in ENSEMBLE_FIELDS:
        setattr(ensemble, name, data[name])
    _check(ensemble, leaders)
    if ensemble.name != before["name"]:
        ensemble.slug = slug_for(ensemble.name, exclude_pk=ensemble.pk)
    _save(ensemble, leaders)
    after = _snapshot(ensemble, leaders)
    record_change(actor=by, instance=ensemble, action=AuditEvent.Action.UPDATED, before=before, after=after)
    return ensemble
