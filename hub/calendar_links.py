"""A family's private calendar link: made on request, shown on the family's pages, stopped (revoked) with a
confirmation; its feed holds all the family's children's dates from every registered provider."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.audit import record_change
from hub.calendar_feeds import events_for_pupils, feed_span, to_ical
from hub.models import AuditEvent, FamilyCalendarLink, Guardian, User

# 32 random bytes, about 43 characters of URL-safe text: the token is the link's only secret.
TOKEN_BYTES = 32


def live_link(guardian: Guardian) -> FamilyCalendarLink | None:
    """The guardian's calendar link that works now, if they have one."""
    return FamilyCalendarLink.objects.filter(guardian=guardian, revoked_at__isnull=True).first()


@transaction.atomic
def make_link(*, guardian: Guardian, by: User) -> FamilyCalendarLink:
    """The guardian's live calendar link: the one they have, or a new one with a new token."""
    found = live_link(guardian)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            link = FamilyCalendarLink.objects.create(
                guardian=guardian, token=secrets.token_urlsafe(TOKEN_BYTES)
            )
    except IntegrityError:
        # Made at the same moment by another request (a double click): the one live link is that one.
        return FamilyCalendarLink.objects.get(guardian=guardian, revoked_at__isnull=True)
    record_change(actor=by, instance=link, action=AuditEvent.Action.CREATED, label="Family calendar link")
    return link


@transaction.atomic
def stop_link(*, guardian: Guardian, by: User) -> bool:
    """Stop the guardian's live link, so that its URL answers 404; False if there was none."""
    link = (
        FamilyCalendarLink.objects.select_for_update()
        .filter(guardian=guardian, revoked_at__isnull=True)
        .first()
    )
    if link is None:
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record_change(
        actor=by,
        instance=link,
        action=AuditEvent.Action.UPDATED,
        before={"stopped": False},
        after={"stopped": True},
        label="Family calendar link",
    )
    return True


def guardian_for_token(token: str) -> Guardian | None:
    """The guardian whose live link has this token; None for a stopped or unknown one. One query."""
    link = (
        FamilyCalendarLink.objects.select_related("guardian__user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    return link.guardian if link else None


def family_feed(guardian: Guardian, *, today: datetime.date | None = None) -> bytes:
    """The family's calendar: every child's rehearsals, lessons and whatever else apps register."""
    first, last = feed_span(today or timezone.localdate())
    pupil_ids = list(guardian.children.values_list("pk", flat=True))
    events = events_for_pupils(pupil_ids, first, last)
    return to_ical(f"{guardian.user.get_full_name() or 'Family'}: music hub calendar", events)
