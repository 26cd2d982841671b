"""Reads of the hire queues, for the store's staff. A queue is the requests waiting for one type in one size,
first asked first; staff allocate from it an instrument of that type and size that is in stock."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.paginator import Page
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hub.pagination import page_of, with_total
from instruments.models import Hire, HireRequest, Instrument
from schools.models.pupils import age_on


def position_in_queue() -> Coalesce:
    """For each request: how many waiting requests of its queue were made before it, itself included."""
    ahead = (
        HireRequest.objects.filter(
            status=HireRequest.Status.WAITING,
            instrument_type=OuterRef("instrument_type"),
            size=OuterRef("size"),
        )
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("instrument_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead), 0)


def size_order() -> Func:
    """Where the request's size comes in its type's list of sizes (smallest first), as the catalogue lists."""
    return Func(
        F("instrument_type__sizes"), F("size"), function="array_position", output_field=IntegerField()
    )


def queue(*, instrument_type=None) -> QuerySet[HireRequest]:
    """Waiting requests by type, size (smallest first) and date asked, each with its `position` in its queue:
    `page_shown` reads a page of them with their details."""
    requests = HireRequest.objects.filter(status=HireRequest.Status.WAITING)
    if instrument_type is not None:
        requests = requests.filter(instrument_type_id=instrument_type.pk)
    # One window over the list: a filter picks whole queues (a type), so no queue is ever cut short.
    position = Window(
        RowNumber(), partition_by=[F("instrument_type_id"), F("size")], order_by=[F("requested_at"), F("pk")]
    )
    return (
        requests.annotate(position=position, size_rank=size_order())
        .order_by("instrument_type__name", "size_rank", "size", "requested_at", "pk")
        .only("pk")
    )


@dataclass(frozen=True)
class Waiting:
    """One row of the staff's queue, as the page shows it."""

    public_id: UUID
    position: int
    queue: tuple[int, str]  # (type, size): a heading where it changes
    queue_name: str  # "3/4 Violin"
    in_stock: int  # instruments of the queue's type and size free to allocate
    pupil_name: str
    age: int
    school: str
    guardian: str
    asked_on: str  # "03/11/2026"
    allocate_url: str


ZERO_ID = UUID(int=0)


def available() -> QuerySet[Instrument]:
    """Instruments in stock that no hire holds: what staff may allocate or lend."""
    held = Hire.objects.filter(instrument=OuterRef("pk"), status__in=Hire.OPEN)
    return Instrument.objects.filter(status=Instrument.Status.AVAILABLE).exclude(Exists(held))


def in_stock(queues: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """How many instruments each (type, size) has free to allocate, in one query: every size of the types
    counted, the queues' picked out here (a condition per queue cost more to build than to run)."""
    if not queues:
        return {}
    counted = (
        available()
        .filter(instrument_type_id__in={type_id for type_id, _ in queues})
        .order_by()
        .values_list("instrument_type_id", "size")
        .annotate(n=Count("pk"))
    )
    return {(type_id, size): n for type_id, size, n in counted if (type_id, size) in queues}


# What the queue shows of each request: `page_shown` reads them.
SHOWN = (
    "public_id", "instrument_type_id", "size", "requested_at", "instrument_type__name",
    "pupil__first_name", "pupil__last_name", "pupil__date_of_birth", "pupil__school__name",
    "requested_by__user__first_name", "requested_by__user__last_name", "requested_by__user__email",
)  # fmt: skip


def page_shown(rows: QuerySet[HireRequest], number, per_page: int, *, today: datetime.date) -> Page:
    """The page `number` of `queue`'s rows as the list shows them, in two queries of plain values: the page
    with its details, positions and the list's length (the waiting list is read whole for its positions
    anyway: its joins cost less than a second round trip for a page's details by id), and the stock of
    its queues."""
    page = page_of(with_total(rows).values_list(*SHOWN, "position", "total", named=True), number, per_page)
    page.object_list = as_shown(page.object_list, today=today)
    return page


def as_shown(rows: Iterable, *, today: datetime.date) -> list[Waiting]:
    """Rows read as `page_shown` reads them, as the list shows them, with their queues' stock (one query),
    dates written and links made here."""
    rows = list(rows)
    stock = in_stock({(item.instrument_type_id, item.size) for item in rows})
    # One reverse() for the page, not one a row: the rows differ only in the request's id.
    url = reverse("instruments:request-allocate", args=[ZERO_ID])
    shown = []
    for item in rows:
        name = item.instrument_type__name
        guardian = f"{item.requested_by__user__first_name} {item.requested_by__user__last_name}".strip()
        key = (item.instrument_type_id, item.size)
        shown.append(
            Waiting(
                public_id=item.public_id,
                position=item.position,
                queue=key,
                queue_name=f"{item.size} {name}" if item.size else name,
                in_stock=stock.get(key, 0),
                pupil_name=f"{item.pupil__first_name} {item.pupil__last_name}",
                age=age_on(item.pupil__date_of_birth, today),
                school=item.pupil__school__name or "Not in the register",
                guardian=guardian or item.requested_by__user__email,
                asked_on=f"{timezone.localtime(item.requested_at):%d/%m/%Y}",
                allocate_url=url.replace(str(ZERO_ID), str(item.public_id)),
            )
        )
    return shown


def get_waiting_request(public_id) -> HireRequest:
    """Any family's request, for staff, with its place in its queue; 404 when there is none."""
    found = (
        HireRequest.objects.select_related("pupil__school", "instrument_type", "requested_by__user")
        .annotate(position=position_in_queue())
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def instruments_to_allocate(hire_request: HireRequest) -> QuerySet[Instrument]:
    """The instruments in stock of the request's type and size, by tag: a store holds a few dozen of each."""
    return (
        available()
        .filter(instrument_type_id=hire_request.instrument_type_id, size=hire_request.size)
        .select_related("instrument_type")
        .order_by("asset_tag")
    )
