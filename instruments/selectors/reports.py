"""The instrument store's reports, for its staff: the stock by status, type and location, its replacement
value on hire and in the store, and the instruments on hire by school and by area. Each table is one
aggregate query (the page is six, however large the store), and reads the same on the page and in its CSV."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from hub.money import ZERO
from instruments.models import Hire, Instrument

Status = Instrument.Status
# The stock still in use: what is retired or lost is listed by status, and in no other total.
IN_USE = [Status.AVAILABLE, Status.ON_HIRE, Status.IN_REPAIR]
NO_SCHOOL = "Other schools (not in the register)"


@dataclass(frozen=True)
class Table:
    """A report's table: the first column names the row, the rest are counts, or sums in pounds."""

    slug: str  # its CSV file's name
    title: str
    headings: tuple[str, ...]
    rows: list[tuple]
    total: tuple | None = None
    money: frozenset[int] = frozenset()  # the columns that are sums of money

    @property
    def shown_rows(self) -> list[list["Cell"]]:
        return [self._cells(row) for row in self.rows]

    @property
    def shown_total(self) -> list["Cell"]:
        return self._cells(self.total) if self.total and self.rows else []

    def _cells(self, row: tuple) -> list["Cell"]:
        return [Cell(cell, index in self.money) for index, cell in enumerate(row)]


@dataclass(frozen=True)
class Cell:
    """A cell as the page shows it: money as pounds, counts with thousands separated."""

    value: object
    money: bool


def _value(filter: Q | None = None) -> Coalesce:
    return Coalesce(Sum("replacement_value", filter=filter), Value(ZERO))


def _total(rows: list[tuple], label: str = "Total") -> tuple:
    return (label, *(sum(column) for column in list(zip(*rows, strict=True))[1:])) if rows else (label,)


def by_status() -> Table:
    """How many instruments have each status, and what they would cost to replace."""
    found = {
        row["status"]: row
        for row in Instrument.objects.order_by().values("status").annotate(count=Count("pk"), value=_value())
    }
    rows = [
        (label, found.get(key, {}).get("count", 0), found.get(key, {}).get("value", ZERO))
        for key, label in Status.choices
    ]
    return Table(
        "status", "Stock by status", ("Status", "Instruments", "Replacement value"), rows, _total(rows),
        money=frozenset({2}),
    )  # fmt: skip


def _counts_in_use() -> dict:
    return {
        "total": Count("pk", filter=Q(status__in=IN_USE)),
        "available": Count("pk", filter=Q(status=Status.AVAILABLE)),
        "on_hire": Count("pk", filter=Q(status=Status.ON_HIRE)),
        "in_repair": Count("pk", filter=Q(status=Status.IN_REPAIR)),
        "value": _value(Q(status__in=IN_USE)),
    }


IN_USE_HEADINGS = ("In use", "Available", "On hire", "In repair", "Replacement value")
IN_USE_FIELDS = ("total", "available", "on_hire", "in_repair", "value")


def by_type() -> Table:
    """Each type's instruments in use: available, on hire, in repair, and their replacement value."""
    found = (
        Instrument.objects.order_by("instrument_type__name")
        .values("instrument_type__name")
        .annotate(**_counts_in_use())
    )
    rows = [(row["instrument_type__name"], *(row[field] for field in IN_USE_FIELDS)) for row in found]
    return Table(
        "type", "Stock by type", ("Type", *IN_USE_HEADINGS), rows, _total(rows), money=frozenset({5})
    )


def by_location() -> Table:
    """Where the instruments in use are kept between hires: the store first, then each school."""
    found = (
        Instrument.objects.order_by("school__name", "school__urn")
        .values("school__name", "school__urn")
        .annotate(**_counts_in_use())
    )
    rows = [
        (
            f"{row['school__name']} ({row['school__urn']})" if row["school__urn"] else "The store",
            *(row[field] for field in IN_USE_FIELDS),
        )
        for row in found
    ]
    rows.sort(key=lambda row: row[0] != "The store")  # stable: the schools stay in name order
    return Table(
        "location",
        "Stock by location",
        ("Location", *IN_USE_HEADINGS),
        rows,
        _total(rows),
        money=frozenset({5}),
    )


def replacement_value() -> Table:
    """What the instruments on hire, and those in the store ready to lend, would cost to replace."""
    on_hire = Q(status=Status.ON_HIRE)
    in_store = Q(status=Status.AVAILABLE, school__isnull=True)
    found = Instrument.objects.aggregate(
        on_hire=Count("pk", filter=on_hire),
        on_hire_value=_value(on_hire),
        in_store=Count("pk", filter=in_store),
        in_store_value=_value(in_store),
    )
    rows = [
        ("On hire", found["on_hire"], found["on_hire_value"]),
        ("In the store, available to lend", found["in_store"], found["in_store_value"]),
    ]
    return Table(
        "value", "Replacement value on hire and in the store", ("Where", "Instruments", "Replacement value"),
        rows, _total(rows), money=frozenset({2}),
    )  # fmt: skip


def _on_hire(group: dict, order: tuple[str, ...]):
    """The instruments out on hire now, counted by `group` (a family's through the child's school, a class
    set's through the school it is lent to)."""
    return (
        Hire.objects.filter(status=Hire.Status.OUT)
        .annotate(**group)
        .order_by(*order)
        .values(*group)
        .annotate(
            families=Count("pk", filter=Q(class_set__isnull=True)),
            class_sets=Count("pk", filter=Q(class_set__isnull=False)),
            value=Coalesce(Sum("instrument__replacement_value"), Value(ZERO)),
        )
    )


ON_HIRE_HEADINGS = ("To families", "In class sets", "Replacement value")


def on_hire_by_school() -> Table:
    """The instruments on hire at each school: its pupils' hires and its class sets."""
    found = _on_hire(
        {
            "school_name": Coalesce("class_set__school__name", "pupil__school__name"),
            "school_urn": Coalesce("class_set__school__urn", "pupil__school__urn"),
        },
        ("school_name", "school_urn"),
    )
    rows = [
        (
            f"{row['school_name']} ({row['school_urn']})" if row["school_urn"] else NO_SCHOOL,
            row["families"],
            row["class_sets"],
            row["value"],
        )
        for row in found
    ]
    return Table(
        "schools",
        "On hire by school",
        ("School", *ON_HIRE_HEADINGS),
        rows,
        _total(rows),
        money=frozenset({3}),
    )


def on_hire_by_area() -> Table:
    """The instruments on hire in each area of the hub, by the area of the school."""
    found = _on_hire(
        {"area": Coalesce("class_set__school__area__name", "pupil__school__area__name")}, ("area",)
    )
    rows = [(row["area"] or "No area", row["families"], row["class_sets"], row["value"]) for row in found]
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


def all_tables() -> list[Table]:
    """Every table of the reports page, in its order: six queries."""
    return [report() for report in REPORTS.values()]
