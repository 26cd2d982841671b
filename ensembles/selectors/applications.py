"""Reads of applications and audition slots: a family's own (another family's answers 404), and staff's for
the ensembles they may see (another leader's answers 404), with the sections filling towards their targets."""

import datetime
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from ensembles.models import Application, AuditionSlot, Ensemble, EnsembleSection, Membership
from ensembles.selectors.ensembles import ensembles_for
from hub.calendar import written_date
from hub.models import AcademicYear, Guardian, User
from hub.selectors import current_academic_year
from schools.models import Pupil

TO_DECIDE_SHOWN = 8


# --- The family's side -----------------------------------------------------------------------------------


def get_family_application(user: User, public_id) -> Application:
    """An application for one of the signed-in guardian's children, with its audition; 404 otherwise."""
    found = (
        Application.objects.select_related(
            "pupil", "ensemble", "academic_year", "instrument", "section", "audition"
        )
        .filter(public_id=public_id, pupil__guardians__user=user)
        .first()
    )
    if found is None:
        raise Http404("No such application.")
    return found


def free_slots(application: Application) -> list[AuditionSlot]:
    """The ensemble's auditions still to come that nobody has booked, and the application's own, by time."""
    mine = Q(application=application)
    return list(
        AuditionSlot.objects.filter(ensemble_id=application.ensemble_id, date__gte=timezone.localdate())
        .filter(Q(application__isnull=True) | mine)
        .order_by("date", "starts_at", "pk")
    )


# What the family's pages show of a membership and an application, and what their rules read: an ensemble
# row alone has thirty columns the families' pages never show.
_YEAR = ("academic_year__name", "academic_year__starts_on", "academic_year__ends_on")
MEMBERSHIP_SHOWN = (
    *("pupil_id", "joined_on", "left_on", "ensemble__name", "section__name", "instrument__name"),
    *_YEAR,
)
APPLICATION_SHOWN = (
    *("public_id", "pupil_id", "status", "applied_at", "ensemble__name", "instrument__name"),
    *(
        "audition__date",
        "audition__starts_at",
        "audition__ends_at",
        "audition__place",
        "audition__application",
    ),
    *_YEAR,
)


def get_ensemble_to_apply(slug: str) -> tuple[Ensemble, AcademicYear | None]:
    """An active ensemble for its application form, and the year: the form shows the ensemble's own fields
    alone, not the listing's sections and fee (get_public_ensemble); 404 for an inactive one."""
    found = Ensemble.objects.filter(slug=slug, is_active=True).order_by().first()
    if found is None:
        raise Http404("No such ensemble.")
    return found, current_academic_year()


@dataclass
class ChildEnsembles:
    child: Pupil
    memberships: list[Membership] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)


def family_ensembles(guardian: Guardian, *, children: list[Pupil] | None = None) -> list[ChildEnsembles]:
    """Each of the guardian's children (read here unless the caller has them) with their memberships (newest
    year first) and their applications (open first, newest first): two queries more, however many."""
    if children is None:
        children = list(guardian.children.order_by("first_name", "last_name"))
    by_child = {child.pk: ChildEnsembles(child) for child in children}
    memberships = (
        Membership.objects.filter(pupil__in=by_child)
        .select_related("ensemble", "section", "instrument", "academic_year")
        .only(*MEMBERSHIP_SHOWN)
        .order_by("-academic_year__starts_on", "ensemble__name")
    )
    for membership in memberships:
        membership.pupil = by_child[membership.pupil_id].child  # read already
        by_child[membership.pupil_id].memberships.append(membership)
    applications = (
        Application.objects.filter(pupil__in=by_child)
        .exclude(status=Application.Status.ACCEPTED)  # the membership it became is listed instead
        .select_related("ensemble", "instrument", "academic_year", "audition")
        .only(*APPLICATION_SHOWN)
        .order_by("-applied_at", "-pk")
    )
    for application in applications:
        application.pupil = by_child[application.pupil_id].child
        by_child[application.pupil_id].applications.append(application)
    for item in by_child.values():
        item.applications.sort(key=lambda application: not application.is_open)
    return list(by_child.values())


# --- Staff's side ----------------------------------------------------------------------------------------


def applications_for(user: User) -> QuerySet[Application]:
    """Applications to the ensembles the user may see."""
    return Application.objects.filter(ensemble__in=ensembles_for(user))


def get_application_for(user: User, public_id) -> Application:
    """An application to one of the user's ensembles, with what it names; 404 outside their scope."""
    found = (
        applications_for(user)
        .select_related(
            "pupil__school",
            "ensemble",
            "academic_year",
            "instrument",
            "section",
            "applied_by__user",
            "audition",
        )
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404("No such application.")
    return found


def ensemble_applications(ensemble: Ensemble, year: AcademicYear | None) -> list[Application]:
    """The ensemble's applications for the year, open ones first (the oldest first), then the decided."""
    if year is None:
        return []
    rows = (
        Application.objects.filter(ensemble=ensemble, academic_year=year)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("pupil", "instrument", "section", "audition")
        .order_by("applied_at", "pk")
    )
    return sorted(rows, key=lambda application: not application.is_open)


def sections_filling(ensemble: Ensemble, year: AcademicYear | None) -> list[EnsembleSection]:
    """The ensemble's sections by name, each with `members` (for the year, not left) against its target."""
    staying = Q(memberships__academic_year=year, memberships__left_on__isnull=True)
    return list(
        EnsembleSection.objects.filter(ensemble=ensemble)
        .annotate(members=Count("memberships", filter=staying))
        .order_by("name", "pk")
    )


def slots_of(ensemble: Ensemble) -> list[AuditionSlot]:
    """The ensemble's audition slots still to come, by time, each with who booked it."""
    return list(
        AuditionSlot.objects.filter(ensemble=ensemble, date__gte=timezone.localdate())
        .select_related("application__pupil", "application__instrument")
        .order_by("date", "starts_at", "pk")
    )


def get_slot_for(user: User, public_id) -> AuditionSlot:
    """An audition slot of one of the user's ensembles; 404 outside their scope."""
    found = (
        AuditionSlot.objects.select_related("ensemble")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such audition.")
    return found


@dataclass(frozen=True)
class ToDecide:
    """An application waiting for a decision, as a leader's home lists it."""

    public_id: uuid.UUID
    pupil: str
    instrument: str
    ensemble: str
    status: str
    audition_on: datetime.date | None
    audition_at: datetime.time | None

    @property
    def state(self) -> str:
        """ "on the waiting list", "audition 19/12/2026 09:45" or "no audition booked"."""
        if self.status == Application.Status.WAITING_LIST:
            return "on the waiting list"
        if self.audition_on is not None and self.audition_at is not None:
            return f"audition {written_date(self.audition_on)} {self.audition_at:%H:%M}"
        return "no audition booked"


def to_decide(led: Collection[int], most: int = TO_DECIDE_SHOWN) -> tuple[int, list[ToDecide]]:
    """For a leader's home: how many applications to the ensembles they lead (their ids, from
    ensembles.led_ids) wait for a decision, and the longest-waiting of them with their audition: one query of
    plain values, their number read with them."""
    rows = (
        Application.objects.filter(ensemble_id__in=led, status__in=Application.OPEN)
        .annotate(total=Window(Count("pk")))
        .order_by("applied_at", "pk")
        .values_list(
            "public_id", "pupil__first_name", "pupil__last_name", "instrument__name", "ensemble__name",
            "status", "audition__date", "audition__starts_at", "total",
        )[:most]
    )  # fmt: skip
    found = list(rows)
    shown = [
        ToDecide(public_id, f"{first} {last}", instrument, ensemble, status, audition_on, audition_at)
        for public_id, first, last, instrument, ensemble, status, audition_on, audition_at, _ in found
    ]
    return (found[0][-1] if found else 0), shown
