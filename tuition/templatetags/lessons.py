"""Template filters of the lesson pages."""

from django import template

register = template.Library()


@register.filter
def age_on(pupil, day) -> int:
    """{{ pupil|age_on:today }} -> 10."""
    return pupil.age_on(day)
