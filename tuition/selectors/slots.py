"""Which teaching slots a family can be offered a place in."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from tuition.models import TeachingSlot


def bookable_slots() -> QuerySet[TeachingSlot]:
    """Active slots of the current or a coming academic year."""
    return TeachingSlot.objects.filter(is_active=True, academic_year__ends_on__gte=timezone.localdate())


def placed_from(day: datetime.date) -> Q:
    """Placements that hold a place on the day or later: running then, or starting after it. A place taken
    from January is not free in December for lessons that would run on past it."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=day)
