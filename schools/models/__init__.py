"""Floor 1: the register of schools and their contacts, pupils, and the SLA catalogue, orders and delivery."""

from schools.models.pupils import EqualityRecord, Ethnicity, Gender, Pupil, SendStatus
from schools.models.remissions import RemissionAward
from schools.models.schools import DistrictArea, School, SchoolContact
from schools.models.sla import (
    Catalogue,
    Delivery,
    Package,
    PackageItem,
    Service,
    Subscription,
    SubscriptionLine,
)

__all__ = [
    "Catalogue",
    "Delivery",
    "DistrictArea",
    "EqualityRecord",
    "Ethnicity",
    "Gender",
    "Package",
    "PackageItem",
    "Pupil",
    "RemissionAward",
    "School",
    "SchoolContact",
    "SendStatus",
    "Service",
    "Subscription",
    "SubscriptionLine",
]
