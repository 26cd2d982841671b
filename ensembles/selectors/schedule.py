"""Reads of ensembles' schedules: a term's dates for staff (scoped to the user's ensembles: another's answers
404), an ensemble's public calendar, and the next rehearsals of a family's children."""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
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
    try:
        # Not .first(): the slug is unique, and ordering by name adds to the query's building.
        return ensembles_for(user).get(slug=slug)
    except Ensemble.DoesNotExist as error:
        raise Http404("No such ensemble.") from error


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


# How far ahead a family's home looks for each child's next dates: a term, so that a half-term or the
# Christmas holiday never hides them.
NEXT_DATES_AHEAD = datetime.timedelta(weeks=14)


def next_rehearsals(
    memberships: Iterable[Membership], today: datetime.date, *, each: int = 3
) -> dict[int, list[NextRehearsal]]:
    """Each member's next `each` dates (not called off), from today to a term ahead, in the ensembles of
    the memberships given (read already, with their ensembles and academic years), on days of their
    membership: one narrow query of plain values for all the ensembles, shared out here. A windowed query
    per pupil over `member_dates` took longer to build and compile than to run."""
    memberships = [m for m in memberships if m.left_on is None or m.left_on > today]
    if not memberships:
        return {}
    rows = (
        Rehearsal.objects.filter(
            ensemble_id__in={m.ensemble_id for m in memberships},
            date__range=(today, today + NEXT_DATES_AHEAD),
            cancelled=False,
        )
        .order_by("date", "starts_at", "pk")
        .values_list("ensemble_id", "date", "starts_at", "ends_at", "venue", "kind", "title")
    )
    names = {m.ensemble_id: m.ensemble.name for m in memberships}
    kinds = dict(Rehearsal.Kind.choices)
    found: dict[int, list[NextRehearsal]] = defaultdict(list)
    for ensemble_id, date, starts_at, ends_at, venue, kind, title in rows:
        name = title or str(kinds[kind])
        rehearsal = NextRehearsal(date, starts_at, ends_at, venue, name, names[ensemble_id])
        for membership in memberships:
            dates = found[membership.pupil_id]
            if membership.ensemble_id == ensemble_id and len(dates) < each and membership.covers(date):
                dates.append(rehearsal)
    return {pupil_id: dates for pupil_id, dates in found.items() if dates}


def membership_count(pupil_ids: Collection[int]) -> int:
    return Membership.objects.filter(pupil_id__in=pupil_ids, left_on__isnull=True).count()
