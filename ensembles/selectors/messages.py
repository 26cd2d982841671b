"""Reads for the messages to an ensemble's families: who a message goes to (the parents and carers of its
current members, or of one section's), and the messages sent, scoped to the user as the ensemble is."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ensembles.models import Ensemble, EnsembleMessage, EnsembleSection, Membership
from ensembles.selectors.ensembles import ensembles_for
from hub.models import Guardian, User
from hub.selectors import current_academic_year


def current_members(
    ensemble: Ensemble, section: EnsembleSection | None = None, *, today: datetime.date | None = None
) -> QuerySet[Membership]:
    """This academic year's members who have not left by today: the ensemble's, or one section's."""
    today = today or timezone.localdate()
    members = Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today),
        ensemble=ensemble,
        academic_year=current_academic_year(),
    )
    if section is not None:
        members = members.filter(section=section)
    return members


def recipients(
    ensemble: Ensemble, section: EnsembleSection | None = None, *, today: datetime.date | None = None
) -> QuerySet[Guardian]:
    """The parents and carers with an e-mail address of those members, each once however many of their
    children play, by name."""
    pupils = current_members(ensemble, section, today=today).values("pupil_id")
    return (
        Guardian.objects.filter(children__in=pupils, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name", "pk")
    )


def audience(ensemble: Ensemble, section: EnsembleSection | None = None) -> tuple[int, int]:
    """(members, parents and carers to e-mail), for the confirmation page: two queries."""
    return current_members(ensemble, section).count(), recipients(ensemble, section).count()


def messages_of(ensemble: Ensemble) -> QuerySet[EnsembleMessage]:
    """The ensemble's messages, newest first, with their senders' names (the ensemble's page lists them):
    what the list shows alone, not each message's text and each sender's whole row."""
    return (
        EnsembleMessage.objects.filter(ensemble=ensemble)
        .select_related("sender")
        .only(
            "public_id",
            "created_at",
            "subject",
            "to_name",
            "sent_at",
            "recipient_count",
            "sender",
            "sender__first_name",
            "sender__last_name",
            "sender__email",
        )
        .order_by("-created_at", "-pk")
    )


def get_message_for(user: User, public_id) -> EnsembleMessage:
    """A message to one of the user's ensembles, with its ensemble and sender; 404 outside their scope."""
    found = (
        EnsembleMessage.objects.select_related("ensemble", "sender")
        .filter(public_id=public_id, ensemble__in=ensembles_for(user))
        .first()
    )
    if found is None:
        raise Http404("No such message.")
    return found
