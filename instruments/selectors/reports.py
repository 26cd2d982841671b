"""The instrument store's reports, for its staff: the stock by status, type and location, its replacement
value on hire and in the store, and the instruments on hire by school and by area. The four tables of the
stock are added up from one aggregate query, the two of the hires from another (each kept a while in the
cache for the page: `counted`), however large the store; each reads the same on the page and in its CSV,
which counts afresh."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hub.money import ZERO, pounds
from instruments.models import Hire, Instrument

Status = Instrument.Status
# The stock still in use: what is retired or lost is listed by status, and in no other total.
IN_USE = [Status.AVAILABLE, Status.ON_HIRE, Status.IN_REPAIR]
NO_SCHOOL = "Other schools (not in the register)"
NO_AREA = "No area"


@dataclass(frozen=True)
class Table:
    """A report's table: the first column names the row, the rest are counts, or sums in pounds."""

    slug: str  # its CSV file's name
    title: str
    headings: tuple[str, ...]
    rows: list[tuple]
    total: tuple | None = None
    money: frozenset[int] = frozenset()  # the columns that are sums of money
    counted_at: datetime.datetime | None = None  # when its figures were counted, if not just now

    @property
    def shown_rows(self) -> list[tuple[str, list[str]]]:
        """Each row as the page writes it: its name, and its figures with money in pounds and counts with
        thousands separated (written here, not by a filter per cell: a county's hundreds of schools)."""
        return [self._shown(row) for row in self.rows]

    @property
    def shown_total(self) -> list[tuple[str, list[str]]]:
        """The total row as `shown_rows` writes a row, in a list of one (none for an empty table)."""
        return [self._shown(self.total)] if self.total and self.rows else []

    def _shown(self, row: tuple) -> tuple[str, list[str]]:
        name, *figures = row
        return str(name), [
            pounds(figure) if index in self.money else f"{figure:,}"
            for index, figure in enumerate(figures, 1)
        ]


def _value(filter: Q | None = None) -> Coalesce:
    return Coalesce(Sum("replacement_value", filter=filter), Value(ZERO))


def _total(rows: list[tuple], label: str = "Total") -> tuple:
    return (label, *(sum(column) for column in list(zip(*rows, strict=True))[1:])) if rows else (label,)


def _stock() -> list[dict]:
    """The inventory counted by type, location and status, with the replacement values: one aggregate
    query (a few hundred rows however large the store) from which the four stock tables are added up."""
    return list(
        Instrument.objects.order_by()
        .values("instrument_type__name", "school__name", "school__urn", "status")
        .annotate(count=Count("pk"), value=Coalesce(Sum("replacement_value"), Value(ZERO)))
    )


def by_status(stock: list[dict] | None = None) -> Table:
    """How many instruments have each status, and what they would cost to replace."""
    found = {key: [0, ZERO] for key in Status.values}
    for row in _stock() if stock is None else stock:
        found[row["status"]][0] += row["count"]
        found[row["status"]][1] += row["value"]
    rows = [(label, *found[key]) for key, label in Status.choices]
    return Table(
        "status", "Stock by status", ("Status", "Instruments", "Replacement value"), rows, _total(rows),
        money=frozenset({2}),
    )  # fmt: skip


IN_USE_HEADINGS = ("In use", "Available", "On hire", "In repair", "Replacement value")
# Where each status is counted in a row of "in use" figures: (total, available, on hire, in repair, value).
IN_USE_COLUMNS = {Status.AVAILABLE: 1, Status.ON_HIRE: 2, Status.IN_REPAIR: 3}


def _in_use(stock: list[dict], name: Callable[[dict], str]) -> dict[str, list]:
    """The stock added up into a row of "in use" figures per name that `name` gives a row of `_stock`."""
    found: dict[str, list] = {}
    for row in stock:
        figures = found.setdefault(name(row), [0, 0, 0, 0, ZERO])
        if (column := IN_USE_COLUMNS.get(row["status"])) is not None:
            figures[0] += row["count"]
            figures[column] += row["count"]
            figures[4] += row["value"]
    return found


def by_type(stock: list[dict] | None = None) -> Table:
    """Each type's instruments in use: available, on hire, in repair, and their replacement value."""
    found = _in_use(_stock() if stock is None else stock, lambda row: row["instrument_type__name"])
    rows = [(name, *figures) for name, figures in sorted(found.items())]
    return Table(
        "type", "Stock by type", ("Type", *IN_USE_HEADINGS), rows, _total(rows), money=frozenset({5})
    )


def by_location(stock: list[dict] | None = None) -> Table:
    """Where the instruments in use are kept between hires: the store first, then each school by name."""
    found = _in_use(
        _stock() if stock is None else stock,
        lambda row: f"{row['school__name']} ({row['school__urn']})" if row["school__urn"] else "",
    )
    rows = [(name or "The store", *figures) for name, figures in sorted(found.items())]
    return Table(
        "location",
        "Stock by location",
        ("Location", *IN_USE_HEADINGS),
        rows,
        _total(rows),
        money=frozenset({5}),
    )


def replacement_value(stock: list[dict] | None = None) -> Table:
    """What the instruments on hire, and those in the store ready to lend, would cost to replace."""
    on_hire, in_store = [0, ZERO], [0, ZERO]
    for row in _stock() if stock is None else stock:
        if row["status"] == Status.ON_HIRE:
            on_hire[0] += row["count"]
            on_hire[1] += row["value"]
        elif row["status"] == Status.AVAILABLE and not row["school__urn"]:
            in_store[0] += row["count"]
            in_store[1] += row["value"]
    rows = [("On hire", *on_hire), ("In the store, available to lend", *in_store)]
    return Table(
        "value", "Replacement value on hire and in the store", ("Where", "Instruments", "Replacement value"),
        rows, _total(rows), money=frozenset({2}),
    )  # fmt: skip


def _on_hire() -> list[dict]:
    """The instruments out on hire now, counted by school and its area (a family's through the child's
    school, a class set's through the school it is lent to): one query for both tables."""
    return list(
        Hire.objects.filter(status=Hire.Status.OUT)
        .annotate(
            school_name=Coalesce("class_set__school__name", "pupil__school__name"),
            school_urn=Coalesce("class_set__school__urn", "pupil__school__urn"),
            area=Coalesce("class_set__school__area__name", "pupil__school__area__name"),
        )
        .order_by("school_name", "school_urn")
        .values("school_name", "school_urn", "area")
        .annotate(
            families=Count("pk", filter=Q(class_set__isnull=True)),
            class_sets=Count("pk", filter=Q(class_set__isnull=False)),
            value=Coalesce(Sum("instrument__replacement_value"), Value(ZERO)),
        )
    )


# How long the counts below are kept between changes that their fingerprints cannot see (a pupil moving
# school, a school or a type renamed).
ON_HIRE_KEPT_SECONDS = 600


def _fingerprint(rows) -> str:
    """How many rows there are and the latest change to any of them: what a saved change, an addition or a
    removal always alters (the inventory's import sets `updated_at` itself, which bulk_update leaves)."""
    mark = rows.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return f"{mark['count']}:{mark['latest'].timestamp() if mark['latest'] else 0}"


def counted() -> tuple[list[dict], list[dict], datetime.datetime]:
    """The stock's counts (`_stock`), the hires' counts by school (`_on_hire`) and when they were counted,
    kept in the cache under fingerprints of the inventory and of the hires out: a change to an instrument,
    a check-out or a return counts them again at once, and nothing else is kept longer than
    ON_HIRE_KEPT_SECONDS. Counting the hires joins every hire out to its pupil's school, ten to twenty
    milliseconds at a county's scale, and the stock's aggregate over 5,000 instruments takes three; the
    two fingerprints take one. (One entry for both: a check-out changes an instrument too.)"""
    inventory = _fingerprint(Instrument.objects.all())
    key = f"instruments:reports:{inventory}:{_fingerprint(Hire.objects.filter(status=Hire.Status.OUT))}"
    if (kept := cache.get(key)) is None:
        kept = (_stock(), _on_hire(), timezone.now())
        cache.set(key, kept, ON_HIRE_KEPT_SECONDS)
    return kept


ON_HIRE_HEADINGS = ("To families", "In class sets", "Replacement value")
ON_HIRE_FIELDS = ("families", "class_sets", "value")


def on_hire_by_school(found: list[dict] | None = None, area: str | None = None) -> Table:
    """The instruments on hire at each school: its pupils' hires and its class sets; only the schools of
    `area` (a name of `on_hire_by_area`'s rows) if given."""
    rows = [
        (
            f"{row['school_name']} ({row['school_urn']})" if row["school_urn"] else NO_SCHOOL,
            *(row[field] for field in ON_HIRE_FIELDS),
        )
        for row in (_on_hire() if found is None else found)
        if area is None or (row["area"] or NO_AREA) == area
    ]
    return Table(
        "schools",
        f"On hire by school in {area}" if area else "On hire by school",
        ("School", *ON_HIRE_HEADINGS),
        rows,
        _total(rows),
        money=frozenset({3}),
    )


def on_hire_by_area(found: list[dict] | None = None) -> Table:
    """The instruments on hire in each area of the hub, by the area of the school: the schools' counts
    added up by area."""
    areas: dict[str, list] = {}
    for row in _on_hire() if found is None else found:
        sums = areas.setdefault(row["area"] or NO_AREA, [0, 0, ZERO])
        for index, field in enumerate(ON_HIRE_FIELDS):
            sums[index] += row[field]
    # By name, as the database would sort them, with the hires at no area's school last.
    rows = [
        (area, *sums) for area, sums in sorted(areas.items(), key=lambda item: (item[0] == NO_AREA, item[0]))
    ]
    return Table(
        "areas", "On hire by area", ("Area", *ON_HIRE_HEADINGS), rows, _total(rows), money=frozenset({3})
    )


REPORTS: dict[str, Callable[[], Table]] = {
    "status": by_status,
    "type": by_type,
    "location": by_location,
    "value": replacement_value,
    "schools": on_hire_by_school,
    "areas": on_hire_by_area,
}


@dataclass(frozen=True)
class Reports:
    """The reports page: the stock's four tables and the hires' by area, then the hires by school of the
    area chosen from `areas` (a county's hundreds of schools are one area's few dozen at a time; the CSV
    file has them all)."""

    tables: list[Table]
    areas: list[str]
    area: str | None
    schools: Table | None


def reports_page(area: str | None = None) -> Reports:
    """Every table of the reports page, in its order: the four of the stock from one aggregate, the hires'
    from another, both kept a while (`counted`). An area that has no hires out chooses none."""
    stock, on_hire, counted_at = counted()
    by_area = replace(on_hire_by_area(on_hire), counted_at=counted_at)
    areas = [row[0] for row in by_area.rows]
    chosen = area if area in areas else None
    return Reports(
        tables=[by_status(stock), by_type(stock), by_location(stock), replacement_value(stock), by_area],
        areas=areas,
        area=chosen,
        schools=replace(on_hire_by_school(on_hire, chosen), counted_at=counted_at) if chosen else None,
    )
