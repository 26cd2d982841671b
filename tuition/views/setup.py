"""Lesson setup for the hub (Section.LESSONS): a year's lesson types and fees, and tutors' teaching slots."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hub import selectors as hub_selectors
from hub.access import Section, role_required
from hub.pagination import page_of
from tuition.errors import TuitionError
from tuition.forms.slots import LessonTypeForm, SlotFilterForm, SlotForm, show_error
from tuition.models import TeachingSlot
from tuition.selectors import slots as slot_selectors
from tuition.services import slots as slot_services

SLOTS_PER_PAGE = 50


@role_required(Section.LESSONS)
def lesson_type_list(request, year=None):
    asked = request.GET.get("year", "")
    year = year or (int(asked) if asked.isdigit() else None)
    academic_year = hub_selectors.get_academic_year(year) if year else hub_selectors.year_or_current(None)
    if academic_year is None:
        raise Http404("No academic year is set up yet.")
    context = {
        "year": academic_year,
        "years": hub_selectors.academic_years(),
        "lesson_types": slot_selectors.lesson_types_of(academic_year),
    }
    return render(request, "tuition/setup/lesson_type_list.html", context)


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def lesson_type_add(request, year):
    academic_year = hub_selectors.get_academic_year(year)
    form = LessonTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = slot_services.create_lesson_type(
                academic_year=academic_year, data=form.cleaned_data, by=request.user
            )
        except slot_services.SlotError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{saved.name} has been added to {academic_year}.")
            return redirect("tuition:lesson-type-list-year", year=year)
    return render(request, "tuition/setup/lesson_type_form.html", {"form": form, "year": academic_year})


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def lesson_type_edit(request, public_id):
    lesson_type = slot_selectors.get_lesson_type(public_id)
    year = lesson_type.academic_year
    # The form changes the instance it is given as it validates: the page's heading keeps the saved one.
    form = LessonTypeForm(request.POST or None, instance=slot_selectors.get_lesson_type(public_id))
    if request.method == "POST" and form.is_valid():
        try:
            slot_services.update_lesson_type(lesson_type=lesson_type, data=form.cleaned_data, by=request.user)
        except slot_services.SlotError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("tuition:lesson-type-list-year", year=year.start_year)
    context = {"form": form, "year": year, "lesson_type": lesson_type}
    return render(request, "tuition/setup/lesson_type_form.html", context)


@role_required(Section.LESSONS)
def slot_list(request):
    years, tutors = list(hub_selectors.academic_years()), list(slot_selectors.tutor_rows())
    form = SlotFilterForm(request.GET or None, years=years, tutors=tutors)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or hub_selectors.current_of(years)
    found = TeachingSlot.objects.none()
    if year is not None:
        active = None if data.get("inactive") else True
        found = slot_selectors.slots(
            year=year, tutor=data.get("tutor"), school_search=data.get("school", ""), active=active
        )
    # A county has thousands of slots: a page of ids at a time, counted without joins, then its rows.
    page = page_of(slot_selectors.in_week_order(found), request.GET.get("page"), SLOTS_PER_PAGE)
    page.object_list = slot_selectors.as_listed(page.object_list)
    context = {"form": form, "year": year, "slots": page.object_list, "page": page}
    context |= {"years": years, "tutors": tutors}
    return render(request, "tuition/setup/slot_list.html", context)


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def slot_add(request, year):
    academic_year = hub_selectors.get_academic_year(year)
    form = SlotForm(request.POST or None, year=academic_year)
    if request.method == "POST" and form.is_valid():
        try:
            slot = slot_services.create_slot(
                academic_year=academic_year, data=form.cleaned_data, by=request.user
            )
        except slot_services.SlotError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The slot {slot} has been added to {slot.tutor}'s timetable.")
            return redirect("tuition:tutor-timetable", public_id=slot.tutor.public_id)
    return render(request, "tuition/setup/slot_form.html", {"form": form, "year": academic_year})


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def slot_edit(request, public_id):
    slot = slot_selectors.get_slot(public_id)
    form = SlotForm(
        request.POST or None, instance=slot_selectors.get_slot(public_id), year=slot.academic_year
    )
    if request.method == "POST" and form.is_valid():
        try:
            slot = slot_services.update_slot(slot=slot, data=form.cleaned_data, by=request.user)
        except slot_services.SlotError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The slot {slot} has been saved.")
            return redirect("tuition:tutor-timetable", public_id=slot.tutor.public_id)
    context = {"form": form, "year": slot.academic_year, "slot": slot}
    return render(request, "tuition/setup/slot_form.html", context)


@role_required(Section.LESSONS)
@require_POST
def slot_deactivate(request, public_id):
    slot = slot_selectors.get_slot(public_id)
    try:
        slot_services.deactivate_slot(slot=slot, by=request.user)
    except TuitionError as error:
        messages.error(request, str(error))
        return redirect("tuition:slot-edit", public_id=public_id)
    messages.success(request, f"The slot {slot} is out of the timetable.")
    return redirect("tuition:tutor-timetable", public_id=slot.tutor.public_id)
