"""Floor-0 core models: the calendar, people and roles, the instrument catalogue and the audit trail."""

from hub.models.audit import AuditEvent
from hub.models.calendar import (
    AcademicYear,
    ClosureDay,
    FamilyCalendarLink,
    FinancialYear,
    Term,
    TermBreak,
    Weekday,
)
from hub.models.catalogue import InstrumentFamily, InstrumentType
from hub.models.jobs import Job, JobItem
from hub.models.mail import OutgoingEmail
from hub.models.people import Area, Guardian, Invitation, StaffProfile, StaffRole, User

__all__ = [
    "Weekday",
    "AcademicYear",
    "Area",
    "AuditEvent",
    "ClosureDay",
    "FamilyCalendarLink",
    "FinancialYear",
    "Guardian",
    "InstrumentFamily",
    "InstrumentType",
    "Invitation",
    "Job",
    "JobItem",
    "OutgoingEmail",
    "StaffProfile",
    "StaffRole",
    "Term",
    "TermBreak",
    "User",
]
