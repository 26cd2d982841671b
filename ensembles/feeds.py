"""Ensembles' calendar feeds: an ensemble's own (public: its dates, no one's name), and its members' dates
in their family's feed (registered with hub.calendar_feeds in apps.py)."""

import datetime
from collections.abc import Collection

from django.db.models import F

from ensembles.models import Ensemble, Rehearsal
from ensembles.selectors.schedule import member_dates
from hub.calendar_feeds import FeedEvent, register

FIELDS = ("public_id", "kind", "title", "date", "starts_at", "ends_at", "venue", "cancelled", "updated_at")


def _event(row: dict, *, ensemble: str, uid_key: str, who: str = "") -> FeedEvent:
    name = row["title"] or Rehearsal.Kind(row["kind"]).label
    summary = f"{ensemble}: {name}" if name != ensemble else name
    return FeedEvent(
        uid_key=uid_key,
        date=row["date"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        summary=f"{who}{summary}",
        location=row["venue"],
        cancelled=row["cancelled"],
        changed_at=row["updated_at"],
    )


def ensemble_events(ensemble: Ensemble, first: datetime.date, last: datetime.date) -> list[FeedEvent]:
    """The ensemble's rehearsals, events and concerts from first to last: one query of plain values."""
    rows = (
        Rehearsal.objects.filter(ensemble=ensemble, date__range=(first, last))
        .order_by("date", "starts_at", "pk")
        .values(*FIELDS)
    )
    return [
        _event(row, ensemble=ensemble.name, uid_key=f"ensembles:rehearsal:{row['public_id']}") for row in rows
    ]


def member_events(pupil_ids: Collection[int], first: datetime.date, last: datetime.date) -> list[FeedEvent]:
    """The pupils' ensembles' dates while they are members, one event a child and date: one query."""
    rows = (
        Rehearsal.objects.filter(member_dates(pupil_ids), date__range=(first, last))
        .annotate(
            pupil_public_id=F("ensemble__memberships__pupil__public_id"),
            first_name=F("ensemble__memberships__pupil__first_name"),
            ensemble_name=F("ensemble__name"),
        )
        .values(*FIELDS, "pupil_public_id", "first_name", "ensemble_name")
    )
    return [
        _event(
            row,
            ensemble=row["ensemble_name"],
            uid_key=f"ensembles:rehearsal:{row['public_id']}:pupil:{row['pupil_public_id']}",
            who=f"{row['first_name']}: ",
        )
        for row in rows
    ]


def register_provider() -> None:
    register("ensembles", member_events)
