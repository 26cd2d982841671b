"""Registers (Section.REGISTERS): a tutor's Today page for the phone, their registers this term, a
lesson's register and marking it one tap per pupil (htmx, or a plain form post), and their timetable.
A tutor reaches only their own slots (404 for another's); the hub admin reaches every tutor's."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub import selectors as hub_selectors
from hub.access import Section, has_role, role_required
from tuition.errors import TuitionError
from tuition.models import AttendanceCode
from tuition.selectors import registers as register_selectors
from tuition.selectors import slots as slot_selectors
from tuition.selectors import week as week_selectors
from tuition.services import registers as register_services

REGISTERS_PER_PAGE = 40

ROW = "tuition/registers/_register_row.html"


def _own_profile(request):
    return getattr(request.user, "staff_profile", None)


@role_required(Section.REGISTERS)
def today(request):
    day = timezone.localdate()
    profile = _own_profile(request)
    registers = week_selectors.lessons_on(profile, day) if profile else []
    context = {"day": day, "registers": registers, "back": "today"}
    return render(request, "tuition/registers/today.html", context)


@role_required(Section.REGISTERS)
def register_list(request):
    wanted = request.GET.get("tutor")
    if wanted and register_selectors.sees_every_register(request.user):
        tutor = register_selectors.tutor_for(request.user, _uuid_or_404(wanted))
    else:
        tutor = _own_profile(request)
    term, registers, slots = (
        week_selectors.term_registers(tutor, timezone.localdate()) if tutor else (None, [], {})
    )
    # A tutor with fifty lessons a week has hundreds of registers by the end of term: a phone gets a page.
    page = Paginator(registers, REGISTERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = week_selectors.as_shown(page.object_list, slots)  # only the page's, as shown
    context = {
        "tutor": tutor,
        "term": term,
        "page": page,
        "unmarked": len([item for item in registers if item.unmarked]),
        "tutors": slot_selectors.tutors() if register_selectors.sees_every_register(request.user) else None,
    }
    return render(request, "tuition/registers/register_list.html", context)


@role_required(Section.REGISTERS)
def lesson_register(request, public_id, day):
    slot = register_selectors.get_lesson_for(request.user, public_id, day)
    context = {
        "register": register_selectors.register(slot, day),
        "back": "register",
        "is_future": day > timezone.localdate(),
    }
    return render(request, "tuition/registers/register.html", context)


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Http404("No such pupil in this lesson.") from error


@role_required(Section.REGISTERS)
@require_POST
def mark(request, public_id, day):
    slot = register_selectors.get_lesson_for(request.user, public_id, day)
    row = register_selectors.get_register_row(slot, day, _uuid_or_404(request.POST.get("enrolment")))
    error = None
    try:
        register_services.mark_attendance(
            slot=slot, day=day, enrolment=row.enrolment, code=request.POST.get("code", ""), by=request.user
        )
    except TuitionError as refused:
        error = str(refused)
    row = register_selectors.get_register_row(slot, day, row.enrolment.public_id)
    if request.htmx:
        context = {"rows": [row], "mark_url": register_selectors.mark_url(slot, day), "error": error}
        return render(request, ROW, {**context, "back": request.POST.get("back", "register")})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{row.pupil}: {row.attendance.get_code_display()}.")
    if request.POST.get("back") == "today":
        return redirect("tuition:today")
    return redirect("tuition:register", public_id=slot.public_id, day=day)


@role_required(Section.REGISTERS)
def tutor_timetable(request, public_id):
    tutor = register_selectors.tutor_for(request.user, public_id)
    year = hub_selectors.year_or_current(_int_or_none(request.GET.get("year")))
    days = slot_selectors.timetable(tutor, year) if year else []
    context = {
        "tutor": tutor,
        "year": year,
        "years": hub_selectors.academic_years(),
        "days": days,
        "can_edit": has_role(request.user, *Section.LESSONS),
    }
    return render(request, "tuition/registers/timetable.html", context)


def _int_or_none(value) -> int | None:
    return int(value) if value and value.isdigit() else None


@role_required(Section.LESSONS)
def enrolment_register(request, public_id):
    enrolment = register_selectors.get_enrolment(public_id)
    today_ = timezone.localdate()
    summaries = [
        register_selectors.lessons_summary(enrolment, term)
        for term in register_selectors.terms_of(enrolment, today_)
    ]
    current = summaries[0].term if summaries else None
    context = {
        "enrolment": enrolment,
        "summaries": summaries,
        "codes": AttendanceCode,
        "marks": register_selectors.marks_of(enrolment, current) if current else [],
        "current": current,
    }
    return render(request, "tuition/registers/enrolment_register.html", context)
