"""Reads of hires past their due date, for the instrument store's staff to chase: oldest due first, each with
who holds the instrument and how to reach them, in one query a page."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.urls import reverse

from hub.models import Job
from hub.pagination import page_of, with_total
from instruments.services.overdue import REMINDER_KIND, overdue

ZERO_ID = "00000000-0000-0000-0000-000000000000"
SHOWN_FIELDS = (
    "pk", "due_back_on", "reminded_on", "checked_out_on",
    "instrument__public_id", "instrument__asset_tag", "instrument__size", "instrument__instrument_type__name",
    "pupil__first_name", "pupil__last_name",
    "payer__phone", "payer__user__first_name", "payer__user__last_name", "payer__user__email",
    "class_set__school__name", "class_set__school__urn",
)  # fmt: skip


def overdue_page(today: datetime.date, number, per_page: int) -> Page:
    """The page `number` of the hires out past their due date, the longest overdue first, as the list shows
    them: one query of plain values, the list's length read with it."""
    rows = (
        with_total(overdue(today))
        .order_by("due_back_on", "pk")
        .values_list(*SHOWN_FIELDS, "total", named=True)
    )
    page = page_of(rows, number, per_page)
    page.object_list = as_shown(page.object_list, today)
    return page


@dataclass(frozen=True)
class OverdueRow:
    """One hire to chase, as the list shows it."""

    asset_tag: str
    instrument: str  # "3/4 Violin"
    url: str  # the instrument's page, with its history
    held_by: str  # "Amira Khan", or "Class set at Hillside Primary School (123456)"
    contact: str  # "Pat Khan", or "" for a class set (the school's contacts are on its page)
    email: str
    phone: str
    checked_out_on: datetime.date
    due_back_on: datetime.date
    days_overdue: int
    reminded_on: datetime.date | None


def as_shown(rows, today: datetime.date) -> list[OverdueRow]:
    """Rows read as `overdue_page` reads them, as the list shows them."""
    url = reverse("instruments:instrument-detail", args=[ZERO_ID])
    shown = []
    for row in rows:
        name, size = row.instrument__instrument_type__name, row.instrument__size
        school = row.class_set__school__name
        shown.append(
            OverdueRow(
                asset_tag=row.instrument__asset_tag,
                instrument=f"{size} {name}" if size else name,
                url=url.replace(ZERO_ID, str(row.instrument__public_id)),
                held_by=f"Class set at {school} ({row.class_set__school__urn})"
                if school
                else f"{row.pupil__first_name} {row.pupil__last_name}",
                contact=""
                if school
                else f"{row.payer__user__first_name} {row.payer__user__last_name}".strip(),
                email="" if school else row.payer__user__email,
                phone="" if school else row.payer__phone,
                checked_out_on=row.checked_out_on,
                due_back_on=row.due_back_on,
                days_overdue=(today - row.due_back_on).days,
                reminded_on=row.reminded_on,
            )
        )
    return shown


def last_reminder_job() -> Job | None:
    """The latest job of reminders, for the list to link to."""
    return Job.objects.filter(kind=REMINDER_KIND).order_by("-created_at").first()
