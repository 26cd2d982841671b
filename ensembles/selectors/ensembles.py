"""Reads of ensembles for staff, scoped to the user: the hub admin sees every ensemble, a leader only the
ones they lead (another's answers 404, as if it did not exist)."""

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, Count, Func, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection, Rehearsal
from hub.access import has_role
from hub.models import StaffRole, User


def ensembles_for(user: User) -> QuerySet[Ensemble]:
    """The ensembles the user may see and change: all for the hub admin, a leader's own for a leader."""
    if has_role(user, StaffRole.HUB_ADMIN):
        return Ensemble.objects.all()
    if has_role(user, StaffRole.ENSEMBLE_LEADER):
        return led_by(user)
    return Ensemble.objects.none()


def led_by(user: User) -> QuerySet[Ensemble]:
    """The ensembles the user leads, whatever else they may see (a hub admin may lead some too)."""
    return Ensemble.objects.filter(leaders=user)


def led_ids(user: User) -> dict[int, bool]:
    """The ensembles the user leads: each one's id and whether families can find it listed (one query). The
    leader's home reads its figures by these ids: joined to the leaders in each of its queries, PostgreSQL
    took longer to plan them than to run them."""
    return dict(led_by(user).values_list("pk", "is_active"))


def ensemble_list(user: User) -> QuerySet[Ensemble]:
    """The staff list: the user's ensembles by name, with their area and how many sections (one query)."""
    return (
        ensembles_for(user)
        .select_related("area")
        .annotate(section_count=Count("sections"))
        .order_by("name", "pk")
    )


def get_ensemble_for(user: User, slug: str) -> Ensemble:
    """One of the user's ensembles with its area, leaders and sections; 404 outside their scope."""
    sections = EnsembleSection.objects.prefetch_related("instrument_types").order_by("name")
    found = (
        ensembles_for(user)
        .select_related("area")
        .prefetch_related("leaders", Prefetch("sections", queryset=sections))
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404("No such ensemble.")
    return found


def shown_name() -> Coalesce:
    """A user's name as `get_full_name() or email` gives it, worked out by the database (for a subquery)."""
    # CONCAT_WS written out: Concat() wraps each part in a COALESCE and took a tenth of the page's query to
    # compile.
    full_name = Func(
        "first_name", "last_name", template="BTRIM(CONCAT_WS(' ', %(expressions)s))", output_field=CharField()
    )
    return Coalesce(NullIf(full_name, Value("")), "email", output_field=CharField())


def get_ensemble_page_for(user: User, slug: str, today: datetime.date) -> Ensemble:
    """One of the user's ensembles with its area, `leader_names` (each as `get_full_name`, else the e-mail
    address, by name) and its next register's `next_register_id` and `next_register_on` (as
    attendance.next_register finds it), in one query, for its page; 404 outside their scope."""
    # As attendance.next_register, which imports this module.
    upcoming = Rehearsal.objects.filter(ensemble=OuterRef("pk"), date__gte=today, cancelled=False).order_by(
        "date", "starts_at", "pk"
    )
    leaders = (
        User.objects.filter(led_ensembles=OuterRef("pk"))
        .order_by("last_name", "first_name", "email")
        .values(name=shown_name())
    )
    found = (
        ensembles_for(user)
        .select_related("area")
        .annotate(
            leader_names=ArraySubquery(leaders),
            next_register=Subquery(upcoming.values(day_and_id=_DayAndId("date", "public_id"))[:1]),
        )
        .filter(slug=slug)
    )
    try:
        # Not .first(): the slug is unique, and ordering by name took a tenth of the query's building.
        ensemble = found.get()
    except Ensemble.DoesNotExist as error:
        raise Http404("No such ensemble.") from error
    day, _, public_id = (ensemble.next_register or "").partition(" ")
    ensemble.next_register_on = datetime.date.fromisoformat(day) if day else None  # type: ignore[attr-defined]
    ensemble.next_register_id = uuid.UUID(public_id) if public_id else None  # type: ignore[attr-defined]
    return ensemble


class _DayAndId(Func):
    """A rehearsal's day and public id as one text, "2026-12-12 2a569f4b-…": the next register's two values
    read by one subquery, where a subquery each took about 0.4 ms more to build."""

    template = "to_char(%(expressions)s)::text"
    arg_joiner = ", 'YYYY-MM-DD') || ' ' || ("
    output_field = CharField()


@dataclass(frozen=True)
class SectionRow:
    public_id: uuid.UUID
    name: str
    instruments: str
    target: int


def section_rows(ensemble: Ensemble) -> list[SectionRow]:
    """The ensemble's sections by name, each with its instrument types' names ("Cello, Viola"): one query of
    plain values, a row a section and type (as the listing's with_sections_text), where a prefetch of
    sections and their types took two and built a model a row, and grouping them took longer to compile."""
    found: dict[int, tuple[uuid.UUID, str, int, list[str]]] = {}
    rows = (
        EnsembleSection.objects.filter(ensemble=ensemble)
        .order_by("name", "pk", "instrument_types__family", "instrument_types__name")
        .values_list("pk", "public_id", "name", "target", "instrument_types__name")
    )
    for pk, public_id, name, target, kind in rows:
        kinds = found.setdefault(pk, (public_id, name, target, []))[3]
        if kind:
            kinds.append(kind)
    return [
        SectionRow(public_id, name, ", ".join(kinds), target)
        for public_id, name, target, kinds in found.values()
    ]


def get_plain_ensemble_for(user: User, slug: str) -> Ensemble:
    """One of the user's ensembles alone (one query), for pages that read what they show of it themselves;
    404 outside their scope."""
    found = ensembles_for(user).filter(slug=slug).first()
    if found is None:
        raise Http404("No such ensemble.")
    return found


def get_section_for(user: User, public_id) -> EnsembleSection:
    """A section of one of the user's ensembles, with its ensemble; 404 outside their scope."""
    found = (
        EnsembleSection.objects.select_related("ensemble")
        .prefetch_related("instrument_types")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such section.")
    return found


def leader_choices() -> QuerySet[User]:
    """The people who may lead an ensemble: those holding the ensemble-leader role, by name."""
    return (
        User.objects.filter(groups__name=StaffRole.ENSEMBLE_LEADER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def leader_names() -> list[tuple[int, str]]:
    """The choices of leader_choices() as (id, name) pairs, named as the leaders' field names them (the full
    name, else the e-mail address): read in one plain query, not by the field's iterator, which reads its
    users whole through a server-side cursor (three round trips)."""
    people = leader_choices().values_list("pk", "first_name", "last_name", "email")
    return [(pk, f"{first} {last}".strip() or email) for pk, first, last, email in people]
