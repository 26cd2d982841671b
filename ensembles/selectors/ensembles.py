"""Reads of ensembles for staff, scoped to the user: the hub admin sees every ensemble, a leader only the
ones they lead (another's answers 404, as if it did not exist)."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from ensembles.models import Ensemble, EnsembleSection
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
