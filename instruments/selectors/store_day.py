"""The instrument store's day, as its home page shows it: what waits on the store (requests to allocate,
instruments to hand over, hires overdue, repairs away) and what it holds, in three queries; and the next
instruments ready to check out, with the tag the scanner desk looks up."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from instruments.models import Hire, HireRequest, Instrument
from instruments.services.overdue import is_overdue

READY_SHOWN = 8


@dataclass(frozen=True)
class ReadyHire:
    """An instrument whose agreement is accepted, waiting at the store for its check-out."""

    asset_tag: str
    what: str
    holder: str


def store_figures(today: datetime.date) -> dict:
    """Counts of the store's work and stock, for its staff's home page."""
    # Only the open hires and the stock to hand are read: not the years of hires returned, nor the retired.
    hires = Hire.objects.filter(status__in=Hire.OPEN).aggregate(
        awaiting_agreement=Count("pk", filter=Q(status=Hire.Status.ALLOCATED)),
        ready_to_check_out=Count("pk", filter=Q(status=Hire.Status.AGREEMENT_ACCEPTED)),
        on_hire=Count("pk", filter=Q(status=Hire.Status.OUT)),
        overdue=Count("pk", filter=is_overdue(today)),
    )
    stock = Instrument.objects.filter(
        status__in=[Instrument.Status.AVAILABLE, Instrument.Status.IN_REPAIR]
    ).aggregate(
        available=Count("pk", filter=Q(status=Instrument.Status.AVAILABLE)),
        in_repair=Count("pk", filter=Q(status=Instrument.Status.IN_REPAIR)),
    )
    waiting = HireRequest.objects.filter(status=HireRequest.Status.WAITING).count()
    return {"requests_waiting": waiting, **hires, **stock}


def ready_to_check_out(most: int = READY_SHOWN) -> list[ReadyHire]:
    """The longest-waiting instruments whose families have accepted the agreement (one query)."""
    rows = (
        Hire.objects.filter(status=Hire.Status.AGREEMENT_ACCEPTED)
        .order_by("agreement_accepted_at", "pk")
        .values_list(
            "instrument__asset_tag",
            "instrument__size",
            "instrument__instrument_type__name",
            "pupil__first_name",
            "pupil__last_name",
            "class_set__school__name",
        )[:most]
    )
    return [
        ReadyHire(
            asset_tag=tag,
            what=f"{size} {kind}" if size else kind,
            holder=school or f"{first} {last}",
        )
        for tag, size, kind, first, last, school in rows
    ]
