"""Registers: a tutor's Today page, their registers, a lesson's register and marking it, their timetable;
and for staff, an enrolment's lessons billed against lessons delivered."""

import datetime

from django.urls import path, register_converter

from tuition.views import registers


class IsoDateConverter:
    """A day in a URL as 2026-12-07."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # a ValueError (e.g. 2026-02-30) answers 404

    def to_url(self, value: datetime.date) -> str:
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("staff/registers/today/", registers.today, name="today"),
    path("staff/registers/", registers.register_list, name="register-list"),
    path("staff/registers/<uuid:public_id>/<isodate:day>/", registers.lesson_register, name="register"),
    path("staff/registers/<uuid:public_id>/<isodate:day>/mark/", registers.mark, name="mark"),
    path("staff/registers/tutors/<uuid:public_id>/", registers.tutor_timetable, name="tutor-timetable"),
    path(
        "staff/lessons/enrolments/<uuid:public_id>/register/",
        registers.enrolment_register,
        name="staff-enrolment-register",
    ),
]
