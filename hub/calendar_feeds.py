"""Calendar feeds (iCalendar, RFC 5545) that phone calendars subscribe to: an ensemble's dates, and a
family's children's rehearsals and lessons.

Apps register an event provider here, as they register charge sources with hub/billing/sources.py, so that
the family's feed gathers every app's dates and the hub's core imports no app. A provider, given the pupils
and a span of days, yields `FeedEvent`s in a fixed number of queries however many pupils. Writing the
calendar (with the icalendar library) is this module's alone: every time in UTC (a London time written as
UTC: no VTIMEZONE is needed, and a year's feed is smaller and quicker to write), a UID that stays the same
for an event from one fetch to the next, and no one's name beyond a child's first.
"""

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
PRODUCT_ID = "-//Music hub portal//Calendar feed//EN"


@dataclass(frozen=True)
class FeedEvent:
    """One date in a feed. `uid_key` names it for good ("ensembles:rehearsal:<uuid>:pupil:<uuid>")."""

    uid_key: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    summary: str
    location: str
    description: str = ""
    cancelled: bool = False
    changed_at: datetime.datetime | None = None


# A provider: (pupil ids, first day, last day) -> the pupils' events in those days.
EventProvider = Callable[[Collection[int], datetime.date, datetime.date], Iterable[FeedEvent]]
_PROVIDERS: dict[str, EventProvider] = {}


def register(name: str, provider: EventProvider) -> None:
    """An app names its provider (e.g. "ensembles") and the function that yields its pupils' events."""
    _PROVIDERS[name] = provider


def registered() -> dict[str, EventProvider]:
    return dict(_PROVIDERS)


# A feed holds a year: the last month (what just happened stays in view) and the eleven months ahead.
DAYS_BEHIND, DAYS_AHEAD = 30, 335


def feed_span(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a feed holds: a rolling year, mostly ahead, so that a subscribed calendar shows what is
    coming and a feed stays small however long a child has played."""
    return today - datetime.timedelta(days=DAYS_BEHIND), today + datetime.timedelta(days=DAYS_AHEAD)


def events_for_pupils(
    pupil_ids: Collection[int], first: datetime.date, last: datetime.date
) -> list[FeedEvent]:
    """Every registered provider's events for the pupils in the span, in date order."""
    if not pupil_ids:
        return []
    events = [event for provider in _PROVIDERS.values() for event in provider(pupil_ids, first, last)]
    return sorted(events, key=lambda event: (event.date, event.starts_at, event.uid_key))


def _uid(key: str) -> str:
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "musichub"
    return f"{key}@{domain}"


def _utc(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """A time of day in London (where the hub is), as UTC."""
    return datetime.datetime.combine(day, at, tzinfo=LONDON).astimezone(datetime.UTC)


def to_ical(name: str, events: Iterable[FeedEvent], *, now: datetime.datetime | None = None) -> bytes:
    """An iCalendar document of the events, named for the calendar app's list of calendars."""
    now = (now or timezone.now()).astimezone(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    # How often a subscribed calendar should look again (those that honour it).
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    events = list(events)
    for item in events:
        event = icalendar.Event()
        event.add("uid", _uid(item.uid_key))
        event.add("dtstamp", (item.changed_at or now).astimezone(datetime.UTC))
        event.add("dtstart", _utc(item.date, item.starts_at))
        event.add("dtend", _utc(item.date, item.ends_at))
        event.add("summary", f"Cancelled: {item.summary}" if item.cancelled else item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.cancelled:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return calendar.to_ical(sorted=False)
