"""Next year's re-enrolment (staff): the year's page, a pupil's answer, and "everyone who stays" at once."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import Section, role_required
from tuition.errors import TuitionError
from tuition.forms.enrolments import ReenrolForm
from tuition.selectors import enrolments as enrolment_selectors
from tuition.selectors import reenrolment as selectors
from tuition.services import reenrolment as services
from tuition.services import reenrolment_runs

PAGE_SIZE = 50


@role_required(Section.LESSONS)
def reenrolment_year(request, start_year):
    year = selectors.get_year(start_year)
    enrolments = enrolment_selectors.running_at_year_end(year)
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "upcoming": services.next_year_after(year),
        "page": page,
        "rows": selectors.rows_for(page, year),
    }
    return render(request, "tuition/reenrolment/year.html", context)


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def reenrol(request, start_year, public_id):
    year = selectors.get_year(start_year)
    enrolment = enrolment_selectors.get_staff_enrolment(public_id)
    form = ReenrolForm(request.POST or None, slots=selectors.next_year_slots(enrolment, year))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reenrol(
                enrolment=enrolment,
                year=year,
                choice=data["choice"],
                slot=data["slot"],
                reason=data["reason"],
                by=request.user,
            )
        except TuitionError as error:
            form.add_error("choice", str(error))
        else:
            messages.success(request, f"{enrolment.pupil.full_name}'s lessons next year are decided.")
            return redirect("tuition:staff-reenrolment", start_year=start_year)
    row = selectors.rows_for([enrolment], year)[0]
    context = {"year": year, "upcoming": services.next_year_after(year), "row": row, "form": form}
    return render(request, "tuition/reenrolment/decide.html", context)


@role_required(Section.LESSONS)
@require_POST
def reenrol_stayers(request, start_year):
    """Everyone on the page whose matching slot exists stays in it; others are left to decide one by one."""
    year = selectors.get_year(start_year)
    chosen = request.POST.getlist("enrolment")
    enrolments = enrolment_selectors.running_at_year_end(year).filter(public_id__in=chosen[:200])
    kept, refused = 0, []
    for row in selectors.rows_for(enrolments, year):
        if not row.undecided or row.matching is None:
            continue
        try:
            services.reenrol(enrolment=row.enrolment, year=year, choice=services.Choice.STAY, by=request.user)
        except TuitionError as error:
            refused.append(f"{row.enrolment.pupil.full_name}: {error}")
        else:
            kept += 1
    messages.success(request, f"{kept} pupil{'s' if kept != 1 else ''} will stay in the matching slot.")
    for message in refused:
        messages.warning(request, message)
    page = request.POST.get("page", "1")
    query = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("tuition:staff-reenrolment", args=[start_year]) + query)


@role_required(Section.LESSONS)
@require_POST
def reenrolment_run(request, start_year):
    """The same for the whole year, as a recorded job whose page shows its progress."""
    year = selectors.get_year(start_year)
    try:
        job = reenrolment_runs.start_reenrolment_run(year=year, by=request.user)
    except TuitionError as error:
        messages.error(request, str(error))
        return redirect("tuition:staff-reenrolment", start_year=start_year)
    return redirect("hub:job-detail", public_id=job.public_id)
