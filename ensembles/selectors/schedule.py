"""Reads of ensembles' schedules: a term's dates for staff (scoped to the user's ensembles: another's answers
404), an ensemble's public calendar, and the next rehearsals of a family's children."""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from ensembles.models import Ensemble, Membership, Rehearsal
from ensembles.selectors.ensembles import ensembles_for
from hub.models import Term, User


def terms_around(today: datetime.date) -> list[Term]:
    """The terms staff choose among: those of last academic year onwards, in order."""
    return list(
        Term.objects.filter(academic_year__ends_on__gte=today - datetime.timedelta(days=366))
        .select_related("academic_year")
        .order_by("starts_on")
    )


def term_shown(terms: list[Term], slug: str | None, today: datetime.date) -> Term | None:
    """The term named by its slug ("2026-autumn"; 404 for one not set up), else the one holding today or
    the next, else the last."""
    if slug:
        for term in terms:
            if term.slug == slug:
                return term
        raise Http404("No such term.")
    upcoming = [term for term in terms if term.ends_on >= today]
    shown = upcoming or terms[-1:]
    return shown[0] if shown else None


def term_span(terms: list[Term], term: Term) -> tuple[datetime.date, datetime.date]:
    """A term's dates in the schedule: from its first day to the day before the next term starts (or its
    year's end), so that a concert after the last week of term is listed with the term."""
    later = [other.starts_on for other in terms if other.starts_on > term.starts_on]
    last = later[0] - datetime.timedelta(days=1) if later else term.academic_year.ends_on
    return term.starts_on, last


def schedule_of(ensemble: Ensemble, first: datetime.date, last: datetime.date) -> QuerySet[Rehearsal]:
    """The ensemble's dates from first to last, in order: one query."""
    return Rehearsal.objects.filter(ensemble=ensemble, date__range=(first, last)).order_by(
        "date", "starts_at", "pk"
    )


def get_schedule_ensemble_for(user: User, slug: str) -> Ensemble:
    """One of the user's ensembles, alone (its schedule needs nothing more); 404 outside their scope."""
    found = ensembles_for(user).filter(slug=slug).first()
    if found is None:
        raise Http404("No such ensemble.")
    return found


def get_rehearsal_for(user: User, public_id) -> Rehearsal:
    """A date of one of the user's ensembles, with its ensemble; 404 outside their scope."""
    found = (
        Rehearsal.objects.select_related("ensemble")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such date.")
    return found


def get_feed_ensemble(public_id) -> Ensemble:
    """An ensemble whose calendar anyone may subscribe to, by the UUID that names its feed for good: an
    active one; 404 otherwise."""
    found = Ensemble.objects.filter(public_id=public_id, is_active=True).only("pk", "name", "slug").first()
    if found is None:
        raise Http404("No such ensemble.")
    return found


def member_dates(pupil_ids: Collection[int]) -> Q:
    """Rehearsals of the ensembles the pupils belong to, on days of their membership: its academic year,
    from joining, and before leaving."""
    return Q(
        ensemble__memberships__pupil_id__in=pupil_ids,
        ensemble__memberships__academic_year__starts_on__lte=F("date"),
        ensemble__memberships__academic_year__ends_on__gte=F("date"),
        ensemble__memberships__joined_on__lte=F("date"),
    ) & (Q(ensemble__memberships__left_on__isnull=True) | Q(ensemble__memberships__left_on__gt=F("date")))


@dataclass(frozen=True)
class NextRehearsal:
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    venue: str
    name: str
    ensemble: str


def next_rehearsals(
    pupil_ids: Collection[int], today: datetime.date, *, each: int = 3
) -> dict[int, list[NextRehearsal]]:
    """Each pupil's next `each` dates (not called off) in their ensembles, from today: one query."""
    if not pupil_ids:
        return {}
    pupil = F("ensemble__memberships__pupil_id")
    rows = (
        Rehearsal.objects.filter(member_dates(pupil_ids), date__gte=today, cancelled=False)
        .annotate(
            pupil_id=pupil,
            place=Window(RowNumber(), partition_by=[pupil], order_by=[F("date"), F("starts_at"), F("pk")]),
        )
        .filter(place__lte=each)
        .order_by("date", "starts_at", "pk")
        .values_list("pupil_id", "date", "starts_at", "ends_at", "venue", "kind", "title", "ensemble__name")
    )
    found: dict[int, list[NextRehearsal]] = defaultdict(list)
    kinds = dict(Rehearsal.Kind.choices)
    for pupil_id, date, starts_at, ends_at, venue, kind, title, ensemble in rows:
        found[pupil_id].append(
            NextRehearsal(date, starts_at, ends_at, venue, title or str(kinds[kind]), ensemble)
        )
    return dict(found)


def membership_count(pupil_ids: Collection[int]) -> int:
    return Membership.objects.filter(pupil_id__in=pupil_ids, left_on__isnull=True).count()
