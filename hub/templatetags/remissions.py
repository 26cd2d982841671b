"""{{ category|remission_terms }}: what a remission category takes off, as hub/billing/remissions.py says."""

from django import template

from hub.billing.remissions import describe

register = template.Library()


@register.filter
def remission_terms(category) -> str:
    return describe(category)
