"""Floor 1: the register of schools, contacts, pupils, and the SLA catalogue, orders and delivery."""

from schools.models.register import (
    DistrictArea,
    EqualityRecord,
    Ethnicity,
    Gender,
    Pupil,
    School,
    SchoolContact,
    SendStatus,
)
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
    "School",
    "SchoolContact",
    "SendStatus",
    "Service",
    "Subscription",
    "SubscriptionLine",
]
