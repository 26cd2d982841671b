"""Floor 2: the instrument store's stock and fees, hire requests, hires and class sets, checks and repairs."""

from instruments.models.care import ConditionCheck, Repair
from instruments.models.hires import ClassSetLoan, Hire, HireRequest
from instruments.models.inventory import Condition, HireFee, Instrument

__all__ = [
    "ClassSetLoan",
    "Condition",
    "ConditionCheck",
    "Hire",
    "HireFee",
    "HireRequest",
    "Instrument",
    "Repair",
]
