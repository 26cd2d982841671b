"""Lessons in the family's calendar feed (registered with hub.calendar_feeds in apps.py): each child's
lessons from their enrolments' placements, on the dates tuition.schedule gives them (the terms' weekdays,
minus breaks and closures, within the placement's and the enrolment's days)."""

import datetime
from collections.abc import Collection

from hub.calendar import terms_with_teaching_days
from hub.calendar_feeds import FeedEvent, register
from hub.models import Term
from tuition.models import Placement
from tuition.schedule import overlapping, placement_days


def lesson_events(pupil_ids: Collection[int], first: datetime.date, last: datetime.date) -> list[FeedEvent]:
    """The pupils' lessons from first to last, one event a lesson, in four queries however many."""
    terms = Term.objects.filter(starts_on__lte=last, ends_on__gte=first).order_by("starts_on")
    days_by_term = terms_with_teaching_days(terms)
    placements = (
        Placement.objects.filter(overlapping(first, last), enrolment__pupil_id__in=pupil_ids)
        .select_related("enrolment__pupil", "enrolment__instrument", "slot__school")
        .only(
            "starts_on",
            "ends_on",
            "weekday",
            "starts_at",
            "ends_at",
            "enrolment__public_id",
            "enrolment__starts_on",
            "enrolment__ends_on",
            "enrolment__pupil__first_name",
            "enrolment__instrument__name",
            "slot__academic_year_id",
            "slot__music_centre",
            "slot__school__name",
        )
    )
    events = []
    for placement in placements:
        enrolment = placement.enrolment
        summary = f"{enrolment.pupil.first_name}'s {enrolment.instrument.name.lower()} lesson"
        for term, days in days_by_term:
            if term.academic_year_id != placement.slot.academic_year_id:
                continue
            for day in placement_days(placement, enrolment, days[placement.weekday]):
                if first <= day <= last:
                    events.append(
                        FeedEvent(
                            uid_key=f"tuition:enrolment:{enrolment.public_id}:{day:%Y%m%d}",
                            date=day,
                            starts_at=placement.starts_at,
                            ends_at=placement.ends_at,
                            summary=summary,
                            location=placement.slot.place,
                        )
                    )
    return events


def register_provider() -> None:
    register("tuition", lesson_events)
