"""Staff's enrolments: the list (by school, instrument and tutor), an enrolment's page, and moving a pupil."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.access import Section, role_required
from hub.pagination import page_of
from hub.selectors import current_academic_year
from tuition.errors import TuitionError
from tuition.forms.enrolments import EnrolmentFilterForm, MoveForm
from tuition.selectors import enrolments as selectors
from tuition.selectors import slots as slot_selectors
from tuition.services import enrolments as services

PAGE_SIZE = 50


@role_required(Section.LESSONS)
def staff_enrolment_list(request):
    instruments, tutors = list(selectors.instruments_taught()), list(slot_selectors.tutor_rows())
    form = EnrolmentFilterForm(request.GET or None, instruments=instruments, tutors=tutors)
    filters = form.cleaned_data if form.is_valid() else {}
    enrolments = selectors.staff_enrolments(
        school_search=filters.get("school", ""),
        instrument=filters.get("instrument"),
        tutor=filters.get("tutor"),
        include_ended=bool(filters.get("include_ended")),
    )
    page = page_of(selectors.in_name_order(enrolments), request.GET.get("page"), PAGE_SIZE)
    rows = selectors.as_listed(page.object_list, today=timezone.localdate())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "year": current_academic_year(),
        "listed": [(form["instrument"], instruments), (form["tutor"], tutors)],
    }
    return render(request, "tuition/enrolments/staff_list.html", context)


def _detail(request, enrolment, form):
    context = {
        "enrolment": enrolment,
        "placement": selectors.placement_on(enrolment, timezone.localdate()),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "tuition/enrolments/staff_detail.html", context)


@role_required(Section.LESSONS)
def staff_enrolment(request, public_id):
    enrolment = selectors.get_staff_enrolment(public_id)
    return _detail(request, enrolment, MoveForm(slots=selectors.slots_for_move(enrolment)))


@role_required(Section.LESSONS)
@require_POST
def staff_enrolment_move(request, public_id):
    enrolment = selectors.get_staff_enrolment(public_id)
    form = MoveForm(request.POST, slots=selectors.slots_for_move(enrolment))
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.move_enrolment(
                enrolment=enrolment,
                slot=data["slot"],
                starts_on=data["starts_on"],
                note=data["note"],
                by=request.user,
            )
        except TuitionError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(
                request,
                f"{enrolment.pupil.first_name} moves to {placement.slot} "
                f"from {placement.starts_on:%d/%m/%Y}.",
            )
            return redirect("tuition:staff-enrolment", public_id=enrolment.public_id)
    return _detail(request, enrolment, form)
