"""Writes to an ensemble's schedule: a term's weekly rehearsals generated from the calendar, one-off events
and concerts, and calling a date off (or putting it back). Every change is audited."""

from django.db import transaction

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, Rehearsal
from hub.audit import record_change, snapshot
from hub.calendar import teaching_days
from hub.models import AuditEvent, Term, User

EVENT_FIELDS = ["kind", "title", "date", "starts_at", "ends_at", "venue"]


@transaction.atomic
def generate_rehearsals(*, ensemble: Ensemble, term: Term, by: User) -> list[Rehearsal]:
    """The ensemble's weekly rehearsals in the term, on its day, at its times and venue, outside the term's
    breaks and closures (hub.calendar's rule); dates it already has stay as they are. Returns those added."""
    days = teaching_days(term, ensemble.rehearsal_weekday)
    # A date with its rehearsal already (at the old time, if the ensemble's time has changed since) keeps it.
    have = set(
        Rehearsal.objects.filter(ensemble=ensemble, kind=Rehearsal.Kind.REHEARSAL, date__in=days).values_list(
            "date", flat=True
        )
    )
    new = [
        Rehearsal(
            ensemble=ensemble,
            kind=Rehearsal.Kind.REHEARSAL,
            date=day,
            starts_at=ensemble.starts_at,
            ends_at=ensemble.ends_at,
            venue=ensemble.venue,
        )
        for day in days
        if day not in have
    ]
    # Two staff generating the same term at once: the unique constraint keeps one of each date.
    Rehearsal.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        record_change(
            actor=by,
            instance=ensemble,
            action=AuditEvent.Action.UPDATED,
            before={"rehearsals_in_" + term.slug: len(have)},
            after={"rehearsals_in_" + term.slug: len(have) + len(new)},
        )
    return new


def _check_event(data: dict) -> None:
    """The rules a form should have caught, at their fields; the database's constraints have the last word."""
    if data["kind"] not in (Rehearsal.Kind.EVENT, Rehearsal.Kind.CONCERT):
        raise EnsemblesError("Choose an event or a concert.", field="kind")
    if not " ".join(data["title"].split()):
        raise EnsemblesError("Give the event or concert its title.", field="title")
    if data["ends_at"] <= data["starts_at"]:
        raise EnsemblesError("It must end after it starts.", field="ends_at")
    if not data["venue"].strip():
        raise EnsemblesError("Give the venue.", field="venue")


@transaction.atomic
def add_event(*, ensemble: Ensemble, data: dict, by: User) -> Rehearsal:
    """A one-off event or concert of the ensemble, with its title, date, times and venue."""
    _check_event(data)
    event = Rehearsal(ensemble=ensemble, **{name: data[name] for name in EVENT_FIELDS})
    event.title = " ".join(event.title.split())
    event.save()
    record_change(
        actor=by, instance=event, action=AuditEvent.Action.CREATED, after=snapshot(event, EVENT_FIELDS)
    )
    return event


@transaction.atomic
def set_cancelled(*, rehearsal: Rehearsal, cancelled: bool, by: User) -> Rehearsal:
    """Call a date off, or put it back on; calendars that hold it show it cancelled."""
    rehearsal = Rehearsal.objects.select_for_update().get(pk=rehearsal.pk)
    before = {"cancelled": rehearsal.cancelled}
    rehearsal.cancelled = cancelled
    rehearsal.save(update_fields=["cancelled", "updated_at"])
    record_change(
        actor=by,
        instance=rehearsal,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after={"cancelled": cancelled},
    )
    return rehearsal
