"""Which teaching slots a family can be offered a place in."""

from django.db.models import QuerySet
from django.utils import timezone

from tuition.models import TeachingSlot


def bookable_slots() -> QuerySet[TeachingSlot]:
    """Active slots of the current or a coming academic year."""
    return TeachingSlot.objects.filter(is_active=True, academic_year__ends_on__gte=timezone.localdate())
