"""Reads from the floor-0 core."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.models import AcademicYear, AuditEvent, FinancialYear, Invitation, StaffProfile, StaffRole, User


def current_academic_year() -> AcademicYear | None:
    """The academic year today falls in, else the nearest one before it."""
    today = timezone.localdate()
    return (
        AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
        or AcademicYear.objects.order_by("starts_on").first()
    )


def academic_years() -> QuerySet[AcademicYear]:
    return AcademicYear.objects.order_by("-starts_on")


def current_of(years: list[AcademicYear]) -> AcademicYear | None:
    """As current_academic_year(), among `years` already read (a filter lists them all): no query."""
    today = timezone.localdate()
    started = [year for year in years if year.starts_on <= today]
    if started:
        return max(started, key=lambda year: year.starts_on)
    return min(years, key=lambda year: year.starts_on, default=None)


def get_academic_year(start_year: int) -> AcademicYear:
    """The academic year starting in September of `start_year` (404 if the hub has not set it up)."""
    return get_object_or_404(AcademicYear, starts_on__year=start_year)


def year_or_current(start_year: int | None) -> AcademicYear | None:
    if start_year is None:
        return current_academic_year()
    return AcademicYear.objects.filter(starts_on__year=start_year).first()


def current_financial_year() -> FinancialYear | None:
    today = timezone.localdate()
    return FinancialYear.objects.filter(starts_on__lte=today, ends_on__gte=today).first()


@dataclass(frozen=True)
class StaffRow:
    """One member of staff as the staff list shows them: plain values, read in three queries for them all."""

    public_id: str
    name: str
    email: str
    roles: list[str]
    instruments: list[str]
    dbs_checked_on: datetime.date | None


def staff_rows() -> list[StaffRow]:
    """Staff with at least one role, by name, each with their roles and instruments: one query, the two lists
    gathered by one GROUP BY (three queries and a DISTINCT join, or a subquery a list a member, cost more)."""
    has_role = User.groups.through.objects.filter(
        user_id=OuterRef("user_id"), group__name__in=StaffRole.values
    )
    profiles = (
        StaffProfile.objects.filter(Exists(has_role))
        .annotate(
            role_names=ArrayAgg(
                "user__groups__name", distinct=True, order_by="user__groups__name", default=Value([])
            ),
            instrument_names=ArrayAgg(
                "instruments__name",
                distinct=True,
                order_by="instruments__name",
                filter=Q(instruments__isnull=False),
                default=Value([]),
            ),
        )
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list(
            "public_id", "user__first_name", "user__last_name", "user__email", "dbs_checked_on", "role_names",
            "instrument_names",
        )
    )  # fmt: skip
    return [
        StaffRow(
            public_id=str(public_id),
            name=f"{first} {last}".strip() or email,
            email=email,
            roles=roles,
            instruments=instruments,
            dbs_checked_on=checked_on,
        )
        for public_id, first, last, email, checked_on, roles, instruments in profiles
    ]


def get_staff_member(public_id) -> StaffProfile:
    return get_object_or_404(StaffProfile.objects.select_related("user"), public_id=public_id)


def pending_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()).select_related(
        "user"
    )


@dataclass(frozen=True)
class AuditRow:
    """One change as the audit trail shows it: plain values, its time written."""

    when: str  # "07/12/2026 14:05", local time
    who: str  # the actor's name, else their e-mail, else "System"
    what: str  # "Updated pupil"
    record: str
    changes: dict  # {"field": [old, new]}


def audit_events(*, query: str = "") -> QuerySet:
    """Changes, newest first, as the plain values `as_audit_rows` needs (no model a row: a page of fifty spent
    milliseconds building events, their actors and content types)."""
    events = AuditEvent.objects.all()
    if query:
        events = events.filter(object_repr__icontains=query)
    return events.order_by("-at", "-id").values_list(
        "at", "action", "object_repr", "changes", "content_type__app_label", "content_type__model",
        "actor__first_name", "actor__last_name", "actor__email",
    )  # fmt: skip


def as_audit_rows(rows) -> list[AuditRow]:
    """A page of `audit_events` as the trail shows it; a record's kind named as ContentType.name names it."""
    actions = dict(AuditEvent.Action.choices)
    kinds: dict[tuple[str, str], str] = {}
    shown = []
    for at, action, record, changes, app_label, model, first, last, email in rows:
        if (app_label, model) not in kinds:
            kinds[app_label, model] = ContentType(app_label=app_label, model=model).name
        who = "System" if email is None else (f"{first} {last}".strip() or email)
        shown.append(
            AuditRow(
                when=timezone.localtime(at).strftime("%d/%m/%Y %H:%M"),
                who=who,
                what=f"{actions.get(action, action)} {kinds[app_label, model]}",
                record=record,
                changes=changes,
            )
        )
    return shown
