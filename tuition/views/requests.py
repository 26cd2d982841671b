"""A family's lessons: pick a child, see what their school teaches and at what fee, ask; withdraw."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import guardian_required
from hub.selectors import current_academic_year
from schools.selectors.people import get_child_for
from tuition.errors import TuitionError
from tuition.forms.requests import LessonRequestForm
from tuition.models import LessonRequest
from tuition.selectors import requests as selectors
from tuition.services import requests as services


@guardian_required
def family_lessons(request):
    return render(
        request, "tuition/family/lessons.html", {"children": selectors.family_lessons(request.user.guardian)}
    )


def _told(lesson_request: LessonRequest) -> str:
    name, instrument = lesson_request.pupil.first_name, lesson_request.instrument.name.lower()
    if lesson_request.status == LessonRequest.Status.OFFERED:
        return f"There is a place for {name} in {instrument} lessons: accept or decline it below."
    return f"{name} is on the waiting list for {instrument} lessons. We will e-mail you when a place is free."


@guardian_required
@require_http_methods(["GET", "POST"])
def request_lessons(request, public_id):
    child = get_child_for(request.user, public_id)
    taught = selectors.lessons_taught(child)
    form = LessonRequestForm(request.POST or None, taught=taught)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lesson_request = services.request_lessons(
                pupil=child,
                instrument=data["instrument"],
                lesson_type=data["lesson_type"],
                level=data["level"],
                preferred_start=data["preferred_start"],
                by=request.user,
            )
        except TuitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _told(lesson_request))
            return redirect("tuition:family-lessons")
    context = {"child": child, "taught": taught, "form": form, "year": current_academic_year()}
    return render(request, "tuition/family/request.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def withdraw_request(request, public_id):
    lesson_request = selectors.get_request_for(request.user, public_id)
    if request.method == "POST":
        try:
            services.withdraw_request(lesson_request=lesson_request, by=request.user)
        except TuitionError as error:
            messages.error(request, str(error))
        else:
            pupil, instrument = lesson_request.pupil, lesson_request.instrument.name.lower()
            messages.success(
                request, f"The request for {pupil.first_name}'s {instrument} lessons is withdrawn."
            )
        return redirect("tuition:family-lessons")
    return render(request, "tuition/family/withdraw.html", {"lesson_request": lesson_request})
