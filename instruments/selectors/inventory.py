"""Reads of the store's stock, for the instrument store's staff: the inventory searched and filtered, a page
of it as the list shows it, and an instrument with its history."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from hub.models import InstrumentFamily, InstrumentType
from instruments.models import Condition, ConditionCheck, Hire, Instrument, Repair
from instruments.services.inventory import normalise_tag

# The location filter: anywhere, the store, or any school (narrowed by a school's name or URN).
ANYWHERE, STORE, SCHOOLS = "", "store", "schools"


@dataclass(frozen=True)
class Choice:
    """An option of a filter's select, for the `options` template tag."""

    key: str
    label: str


def instrument_types() -> list:
    """(pk, slug, name, sizes) of each type the store can hold, by name: a few dozen, for the filters."""
    return list(
        InstrumentType.objects.exclude(family=InstrumentFamily.VOICE)
        .order_by("name")
        .values_list("pk", "slug", "name", "sizes", named=True)
    )


def sizes_of(types: Iterable) -> list[Choice]:
    """Every size any of the types comes in, each once, in the order the catalogue lists them."""
    seen: dict[str, None] = {}
    for item in types:
        seen.update(dict.fromkeys(item.sizes))
    return [Choice(size, size) for size in seen]


def inventory(
    *,
    tag: str = "",
    instrument_type: InstrumentType | None = None,
    size: str = "",
    status: str = "",
    location: str = ANYWHERE,
    school_search: str = "",
) -> QuerySet[Instrument]:
    """The instruments that match, in tag order, read narrow (the id alone); `as_shown` reads a page's rows.

    `tag` is the start of an asset tag, in any case; `school_search` part of a school's name, or its URN.
    """
    found = Instrument.objects.all()
    if tag:
        found = found.filter(asset_tag__startswith=normalise_tag(tag))
    if instrument_type is not None:
        found = found.filter(instrument_type_id=instrument_type.pk)
    if size:
        found = found.filter(size=size)
    if status:
        found = found.filter(status=status)
    if location == STORE:
        found = found.filter(school__isnull=True)
    elif location == SCHOOLS:
        found = found.filter(school__isnull=False)
    if school_search.isdigit():
        found = found.filter(school__urn=int(school_search))
    elif school_search:
        found = found.filter(school__name__icontains=school_search)
    return found.order_by("asset_tag").only("pk")


@dataclass(frozen=True)
class Shown:
    """One row of the inventory, as the list shows it."""

    public_id: UUID
    asset_tag: str
    instrument: str  # "3/4 Violin"
    make_and_model: str
    condition: str
    status: str
    status_key: str
    location: str  # "Store", or "Hillside Primary School (123456)"
    url: str


ZERO_ID = UUID(int=0)


def as_shown(rows: Iterable) -> list[Shown]:
    """A page of `inventory`'s rows as the list shows them, read in one query of plain values (no model
    instances, no select_related chain): a county's store holds about 5,000 instruments."""
    rows = list(rows)
    details = {
        row.pk: row
        for row in Instrument.objects.filter(pk__in=[row.pk for row in rows])
        .order_by()
        .values_list(
            "pk", "public_id", "asset_tag", "size", "make", "model", "condition", "status",
            "instrument_type__name", "school__name", "school__urn",
            named=True,
        )
    }  # fmt: skip
    conditions, statuses = dict(Condition.choices), dict(Instrument.Status.choices)
    # One reverse() for the page, not one a row: the rows differ only in the instrument's id.
    url = reverse("instruments:instrument-detail", args=[ZERO_ID])
    shown = []
    for row in rows:
        item = details[row.pk]
        name = item.instrument_type__name
        shown.append(
            Shown(
                public_id=item.public_id,
                asset_tag=item.asset_tag,
                instrument=f"{item.size} {name}" if item.size else name,
                make_and_model=" ".join(part for part in (item.make, item.model) if part),
                condition=conditions.get(item.condition, item.condition),
                status=statuses.get(item.status, item.status),
                status_key=item.status,
                location=f"{item.school__name} ({item.school__urn})" if item.school__urn else "Store",
                url=url.replace(str(ZERO_ID), str(item.public_id)),
            )
        )
    return shown


def get_instrument(public_id) -> Instrument:
    """An instrument of the store, for its staff; 404 when there is none."""
    found = Instrument.objects.select_related("instrument_type", "school").filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such instrument.")
    return found


@dataclass(frozen=True)
class History:
    """What has happened to an instrument, each list newest first."""

    hires: list[Hire]
    checks: list[ConditionCheck]
    repairs: list[Repair]


def history_of(instrument: Instrument) -> History:
    """The instrument's hires, condition checks and repairs, newest first: three queries, however many."""
    hires = (
        Hire.objects.filter(instrument=instrument)
        .select_related("pupil", "payer__user", "class_set__school")
        .order_by("-allocated_at", "-pk")
    )
    checks = (
        ConditionCheck.objects.filter(instrument=instrument)
        .select_related("checked_by")
        .order_by("-checked_at", "-pk")
    )
    repairs = Repair.objects.filter(instrument=instrument).order_by("-sent_on", "-pk")
    return History(hires=list(hires), checks=list(checks), repairs=list(repairs))
