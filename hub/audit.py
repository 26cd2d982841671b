"""The audit trail: services call record_change() for every change to pupils, contacts, roles and money."""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.models import AuditEvent

MASKED = "(changed)"


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The values of the named fields, in a form JSON can hold."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(v) for v in value)
    return value


def diff(before: dict, after: dict, *, sensitive: bool = False, masked: Iterable[str] = ()) -> dict:
    """{field: [old, new]} for the fields that changed; the values of `masked` fields (or all, if
    `sensitive`) are recorded as "(changed)", so the trail says which fields changed and not to what."""
    masked = set(masked)
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [MASKED, MASKED] if sensitive or name in masked else [old, new]
    return changes


def record_change(
    *,
    actor,
    instance: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    sensitive: bool = False,
    masked: Iterable[str] = (),
    label: str | None = None,
) -> AuditEvent | None:
    """Write one audit event; an update that changed nothing writes none.

    `label` names the object in the trail instead of its str(), where that would say too much.
    """
    changes = diff(before or {}, after or {}, sensitive=sensitive, masked=masked)
    if action == AuditEvent.Action.UPDATED and not changes:
        return None
    event = _event(actor=actor, instance=instance, action=action, changes=changes, label=label)
    event.save()
    return event


def record_created(*, actor, created: Iterable[tuple[models.Model, dict]]) -> list[AuditEvent]:
    """A "created" event for each (instance, what it holds) pair, written in one insert: a run's bills."""
    return AuditEvent.objects.bulk_create(
        _event(actor=actor, instance=instance, action=AuditEvent.Action.CREATED, changes=diff({}, after))
        for instance, after in created
    )


def record_updated(*, actor, changed: Iterable[tuple[models.Model, dict, dict]]) -> list[AuditEvent]:
    """An "updated" event for each (instance, before, after) that changed, written in one insert: an import's
    rows."""
    events = []
    for instance, before, after in changed:
        changes = diff(before, after)
        if changes:
            events.append(
                _event(actor=actor, instance=instance, action=AuditEvent.Action.UPDATED, changes=changes)
            )
    return AuditEvent.objects.bulk_create(events)


def _event(
    *, actor, instance: models.Model, action: str, changes: dict, label: str | None = None
) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=(label or str(instance))[:200],
        changes=changes,
    )
