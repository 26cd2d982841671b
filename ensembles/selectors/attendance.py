"""Reads about attendance: a date's register (the members current that day, by section, with their marks and
the absences their families reported), scoped to the user's ensembles (another's answers 404); the next
register a leader will take; and each member's attendance rate over the year's dates held so far."""

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Window
from django.http import Http404
from django.urls import reverse

from ensembles.models import (
    ATTENDED,
    AbsenceReport,
    Ensemble,
    Mark,
    Membership,
    Rehearsal,
)
from ensembles.selectors.ensembles import ensembles_for
from ensembles.selectors.schedule import member_dates
from hub.models import AcademicYear, User
from schools.models import Pupil
from schools.selectors.people import get_child_for

# The marks behind a row's "Other" button, as plain strings: a register of sixty rows reads them once.
OTHER_MARKS = [(mark.value, str(mark.label)) for mark in Mark if mark != Mark.PRESENT]
MARK_LABELS = dict(Mark.choices)


def current_on(day: datetime.date) -> Q:
    """Memberships that hold on the day: of its academic year, joined by then, and not left before it."""
    return Q(
        academic_year__starts_on__lte=day,
        academic_year__ends_on__gte=day,
        joined_on__lte=day,
    ) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def members_on(rehearsal: Rehearsal) -> QuerySet[Membership]:
    """The ensemble's members on the date of the rehearsal, by section and name."""
    return (
        Membership.objects.filter(current_on(rehearsal.date), ensemble_id=rehearsal.ensemble_id)
        .select_related("pupil", "section")
        .order_by("section__name", "section_id", "pupil__last_name", "pupil__first_name", "pk")
    )


def get_register_for(user: User, public_id) -> Rehearsal:
    """A date of one of the user's ensembles, with its ensemble; 404 outside their scope."""
    found = (
        Rehearsal.objects.select_related("ensemble")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such date.")
    return found


@dataclass
class RegisterRow:
    """A member's row of a date's register, as plain values; `membership` is read only for a row that is
    about to be marked (get_register_row), not for every row of a register."""

    public_id: uuid.UUID
    name: str
    section: str
    mark: str | None
    marked_by_id: int | None
    reason: str | None
    reported_by_id: int | None
    membership: Membership | None = None

    @property
    def mark_label(self) -> str:
        return str(MARK_LABELS[self.mark]) if self.mark else ""

    @property
    def premarked(self) -> bool:
        """Excused by the family's own report, not (yet) by the leader's tap."""
        return (
            self.mark == Mark.EXCUSED
            and self.marked_by_id is not None
            and (self.marked_by_id == self.reported_by_id)
        )

    @property
    def others(self) -> list[tuple[str, str, bool]]:
        """The other marks' buttons: (mark, label, whether it is the member's mark)."""
        return [(mark, label, mark == self.mark) for mark, label in OTHER_MARKS]


@dataclass
class RegisterSection:
    name: str
    rows: list[RegisterRow]


@dataclass
class Register:
    rehearsal: Rehearsal
    rows: list[RegisterRow]

    @property
    def sections(self) -> list[RegisterSection]:
        found: list[RegisterSection] = []
        for row in self.rows:
            if not found or found[-1].name != row.section:
                found.append(RegisterSection(row.section, []))
            found[-1].rows.append(row)
        return found

    @property
    def unmarked(self) -> int:
        return sum(1 for row in self.rows if row.mark is None)

    @property
    def attended(self) -> int:
        return sum(1 for row in self.rows if row.mark in ATTENDED)

    @cached_property
    def mark_url(self) -> str:
        """Where each row posts its mark: reversed once for the register, not once a row."""
        return mark_url(self.rehearsal)


def mark_url(rehearsal: Rehearsal) -> str:
    return reverse("ensembles:register-mark", kwargs={"public_id": rehearsal.public_id})


def _with_marks(members: QuerySet[Membership], rehearsal: Rehearsal) -> QuerySet[Membership]:
    # Joined on the date as well as the member (one row each at most, by their unique constraints): four
    # look-ups a member, one per value, took longer to plan, and the models' orderings in them joined five
    # tables more.
    return members.annotate(
        this_mark=FilteredRelation("marks", condition=Q(marks__rehearsal=rehearsal)),
        this_report=FilteredRelation("absence_reports", condition=Q(absence_reports__rehearsal=rehearsal)),
    ).annotate(
        mark=F("this_mark__mark"),
        marked_by_id=F("this_mark__marked_by_id"),
        reason=F("this_report__reason"),
        reported_by_id=F("this_report__reported_by_id"),
    )


_ROW_VALUES = (
    "public_id", "pupil__first_name", "pupil__last_name", "section__name",
    "mark", "marked_by_id", "reason", "reported_by_id",
)  # fmt: skip


def register(rehearsal: Rehearsal) -> Register:
    """The members current on the date, by section, with their marks and reported absences: one query of
    plain values (a register of seventy built a membership, a pupil and a section a row)."""
    rows = _with_marks(members_on(rehearsal), rehearsal).values_list(*_ROW_VALUES)
    return Register(
        rehearsal,
        [
            RegisterRow(public_id, f"{first} {last}", section, mark, marked_by, reason, reported_by)
            for public_id, first, last, section, mark, marked_by, reason, reported_by in rows
        ],
    )


def get_register_row(rehearsal: Rehearsal, membership_id) -> RegisterRow:
    """One member's row of a date's register, with their membership (404 if they are not a member on that
    date)."""
    try:
        wanted = uuid.UUID(str(membership_id))
    except ValueError as error:
        raise Http404("No such member on this date.") from error
    found = _with_marks(members_on(rehearsal), rehearsal).filter(public_id=wanted).first()
    if found is None:
        raise Http404("No such member on this date.")
    return RegisterRow(
        found.public_id,
        found.pupil.full_name,
        found.section.name,
        found.mark,  # type: ignore[attr-defined]
        found.marked_by_id,  # type: ignore[attr-defined]
        found.reason,  # type: ignore[attr-defined]
        found.reported_by_id,  # type: ignore[attr-defined]
        membership=found,
    )


@dataclass(frozen=True)
class NextRegister:
    public_id: uuid.UUID
    date: datetime.date
    ensemble: str

    @property
    def day(self) -> str:
        """ "Saturday 12 December", as the date filter's "l j F" writes it."""
        return f"{self.date:%A} {self.date.day} {self.date:%B}"


def next_register(led: Collection[int], today: datetime.date) -> NextRegister | None:
    """The next date (today's, else the next one not called off) of the ensembles a leader leads (their ids,
    from ensembles.led_ids): the register a leader opens in one tap from their home. Plain values."""
    found = (
        Rehearsal.objects.filter(date__gte=today, cancelled=False, ensemble_id__in=led)
        .order_by("date", "starts_at", "pk")
        .values_list("public_id", "date", "ensemble__name")
        .first()
    )
    return NextRegister(*found) if found else None


# --- Attendance rates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRate:
    public_id: uuid.UUID
    name: str
    section: str
    attended: int
    marked: int
    rate: float | None

    @property
    def rate_shown(self) -> str:
        return f"{self.rate:.0f}%" if self.rate is not None else "No marks yet"


def threshold() -> int:
    """Members attending less than this percentage of their marked dates are flagged to staff."""
    return settings.ENSEMBLE_ATTENDANCE_THRESHOLD


# The members' marks are counted before they are joined to their pupils and sections: the ORM's one query
# (members joined to every mark, then grouped) looked up a pupil for each of a year's ~900 marks and took
# about 4.5 ms to build, plan and run for an ensemble of 67; this one about 1.2 ms. Django cannot join a
# grouped subquery, hence SQL.
_RATES_SQL = """
SELECT m.public_id, p.first_name, p.last_name, s.name, COALESCE(c.attended, 0), COALESCE(c.marked, 0)
FROM ensembles_membership m
JOIN schools_pupil p ON p.id = m.pupil_id
JOIN ensembles_ensemblesection s ON s.id = m.section_id
LEFT JOIN (
    SELECT a.membership_id, COUNT(*) FILTER (WHERE a.mark = ANY(%(attended)s)) AS attended, COUNT(*) AS marked
    FROM ensembles_ensembleattendance a
    JOIN ensembles_rehearsal r ON r.id = a.rehearsal_id
    WHERE r.ensemble_id = %(ensemble)s AND r.date <= %(today)s AND NOT r.cancelled
    GROUP BY a.membership_id
) c ON c.membership_id = m.id
WHERE m.ensemble_id = %(ensemble)s AND m.academic_year_id = %(year)s
    AND (m.left_on IS NULL OR m.left_on > %(today)s)
ORDER BY s.name, p.last_name, p.first_name, m.id
"""


def attendance_rates(ensemble: Ensemble, year: AcademicYear, today: datetime.date) -> list[MemberRate]:
    """Each member of the year (not left) with the marked dates held so far (not called off, on or before
    today) and how many they attended (present or late), and the rate: one query, counted by the database.
    An excused absence counts as a date missed, as a school's attendance figure counts one."""
    params: dict[str, int | datetime.date | list[str]] = {
        "ensemble": ensemble.pk,
        "year": year.pk,
        "today": today,
        "attended": [str(m) for m in ATTENDED],
    }
    with connection.cursor() as cursor:
        cursor.execute(_RATES_SQL, params)
        rows = cursor.fetchall()
    return [
        MemberRate(
            public_id,
            f"{first} {last}",
            section,
            attended,
            marked,
            attended * 100 / marked if marked else None,
        )
        for public_id, first, last, section, attended, marked in rows
    ]


@dataclass(frozen=True)
class HeldDate:
    public_id: uuid.UUID
    date: datetime.date
    name: str
    marked: int

    @property
    def label(self) -> str:
        """ "Sat 3 Oct 2026: Rehearsal", as the date filter's "D j M Y" writes the day, without its look-ups
        of the locale's names (about a tenth of a millisecond a date)."""
        return f"{self.date:%a} {self.date.day} {self.date:%b %Y}: {self.name}"


def dates_held(ensemble: Ensemble, year: AcademicYear, today: datetime.date) -> list[HeldDate]:
    """The year's dates so far (not called off), latest first, with how many members are marked at each:
    the registers a leader may still have to take. One query."""
    rows = (
        Rehearsal.objects.filter(
            ensemble=ensemble, date__range=(year.starts_on, min(today, year.ends_on)), cancelled=False
        )
        .annotate(marked=Count("marks"))
        .order_by("-date", "-starts_at", "-pk")
        .values_list("public_id", "date", "kind", "title", "marked")
    )
    kinds = dict(Rehearsal.Kind.choices)
    return [
        HeldDate(public_id, date, title or str(kinds[kind]), marked)
        for public_id, date, kind, title, marked in rows
    ]


def below_threshold(rates: list[MemberRate]) -> list[MemberRate]:
    """The members whose rate is under the threshold, lowest first."""
    low = [row for row in rates if row.rate is not None and row.rate < threshold()]
    return sorted(low, key=lambda row: (row.rate, row.name))


# --- A family's view --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildDate:
    public_id: uuid.UUID
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    venue: str
    name: str
    ensemble: str
    reason: str | None


def child_dates(child: Pupil, today: datetime.date, *, count: int = 10) -> list[ChildDate]:
    """The child's next `count` dates (not called off) in their ensembles, from today, each with the absence
    the family has reported for it, if any: one query."""
    reports = (
        AbsenceReport.objects.filter(rehearsal=OuterRef("pk"), membership_id=OuterRef("membership_id"))
        .order_by()  # not the model's ordering, which joins the date and the membership for one row
        .values("reason")[:1]
    )
    rows = (
        Rehearsal.objects.filter(member_dates([child.pk]), date__gte=today, cancelled=False)
        .annotate(membership_id=F("ensemble__memberships__id"))
        .annotate(reason=Subquery(reports))
        .order_by("date", "starts_at", "pk")
        .values_list(
            "public_id", "date", "starts_at", "ends_at", "venue", "kind", "title", "ensemble__name", "reason"
        )[:count]
    )
    kinds = dict(Rehearsal.Kind.choices)
    return [
        ChildDate(public_id, date, starts_at, ends_at, venue, title or str(kinds[kind]), ensemble, reason)
        for public_id, date, starts_at, ends_at, venue, kind, title, ensemble, reason in rows
    ]


def get_child_date_for(user: User, child_id, rehearsal_id) -> tuple[Pupil, Rehearsal, Membership]:
    """One of the signed-in family's children, a date of an ensemble they belong to on that day, and their
    membership: 404 for another family's child, or a date that is not the child's."""
    child = get_child_for(user, child_id)
    rehearsal = Rehearsal.objects.select_related("ensemble").filter(public_id=rehearsal_id).first()
    if rehearsal is None:
        raise Http404("No such date.")
    membership = (
        Membership.objects.filter(current_on(rehearsal.date), pupil=child, ensemble_id=rehearsal.ensemble_id)
        .select_related("pupil")
        .first()
    )
    if membership is None:
        raise Http404("No such date.")
    return child, rehearsal, membership


def reported_absence(rehearsal: Rehearsal, membership: Membership) -> AbsenceReport | None:
    return AbsenceReport.objects.filter(rehearsal=rehearsal, membership=membership).first()


# --- Absences ahead, for the leader's home ----------------------------------------------------------------

ABSENCES_AHEAD_DAYS = 14
ABSENCES_SHOWN = 10


@dataclass(frozen=True)
class AbsenceAhead:
    """An absence a family reported for a date to come, as the leader's home lists it."""

    rehearsal_id: uuid.UUID
    date: datetime.date
    ensemble: str
    member: str
    reason: str

    @property
    def day(self) -> str:
        """ "Saturday 12 December", as the date filter's "l j F" writes it, without its look-ups of the
        locale's names."""
        return f"{self.date:%A} {self.date.day} {self.date:%B}"


def absences_ahead(
    led: Collection[int], today: datetime.date, *, days: int = ABSENCES_AHEAD_DAYS, most: int = ABSENCES_SHOWN
) -> tuple[int, list[AbsenceAhead]]:
    """How many absences families reported for the dates of the next `days` days in the ensembles a leader
    leads (their ids, from ensembles.led_ids; not called off), and the first `most` of them by date: one
    query of plain values."""
    rows = (
        AbsenceReport.objects.filter(
            rehearsal__ensemble_id__in=led,
            rehearsal__cancelled=False,
            rehearsal__date__gte=today,
            rehearsal__date__lte=today + datetime.timedelta(days=days),
        )
        .annotate(total=Window(Count("pk")))
        .order_by("rehearsal__date", "rehearsal__starts_at", "membership__pupil__last_name", "pk")
        .values_list(
            "rehearsal__public_id", "rehearsal__date", "rehearsal__ensemble__name",
            "membership__pupil__first_name", "membership__pupil__last_name", "reason", "total",
        )[:most]
    )  # fmt: skip
    found = list(rows)
    shown = [
        AbsenceAhead(rehearsal_id, date, ensemble, f"{first} {last}", reason)
        for rehearsal_id, date, ensemble, first, last, reason, _ in found
    ]
    return (found[0][-1] if found else 0), shown
