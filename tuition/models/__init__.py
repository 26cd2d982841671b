"""Floor 2: lesson types and fees, teaching slots, the waiting list and offers, enrolments, registers."""

from tuition.models.enrolments import Enrolment, LeaveReason, Placement
from tuition.models.lessons import LessonType, TeachingSlot, Weekday
from tuition.models.registers import Attendance, AttendanceCode, Lesson
from tuition.models.requests import LessonRequest, Level, Offer

__all__ = [
    "Attendance",
    "AttendanceCode",
    "Enrolment",
    "LeaveReason",
    "Lesson",
    "LessonRequest",
    "LessonType",
    "Level",
    "Offer",
    "Placement",
    "TeachingSlot",
    "Weekday",
]
