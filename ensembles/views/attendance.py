"""Attendance. Staff (Section.ENSEMBLES): a date's register, marking each member with one tap (htmx, or a
plain form post), and the members' attendance rates; a leader reaches only the ensembles they lead (another's
answers 404). Families: a child's next dates, and reporting an absence ahead of one (another family's child
answers 404)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ensembles.errors import EnsemblesError
from ensembles.forms.attendance import AbsenceForm
from ensembles.selectors import attendance as selectors
from ensembles.selectors.schedule import get_schedule_ensemble_for
from ensembles.services import attendance as services
from ensembles.views.ensembles import show_error
from hub import selectors as hub_selectors
from hub.access import Section, guardian_required, role_required
from schools.selectors.people import get_child_for

ROW = "ensembles/attendance/_register_row.html"


@role_required(Section.ENSEMBLES)
def register(request, public_id):
    rehearsal = selectors.get_register_for(request.user, public_id)
    context = {"register": selectors.register(rehearsal), "is_future": rehearsal.date > timezone.localdate()}
    return render(request, "ensembles/attendance/register.html", context)


@role_required(Section.ENSEMBLES)
@require_POST
def register_mark(request, public_id):
    rehearsal = selectors.get_register_for(request.user, public_id)
    row = selectors.get_register_row(rehearsal, request.POST.get("member"))
    error = None
    try:
        services.mark_member(
            rehearsal=rehearsal, membership=row.membership, mark=request.POST.get("mark", ""), by=request.user
        )
    except EnsemblesError as refused:
        error = str(refused)
    row = selectors.get_register_row(rehearsal, row.membership.public_id)
    if request.htmx:
        context = {"rows": [row], "mark_url": selectors.mark_url(rehearsal), "error": error}
        return render(request, ROW, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{row.name}: {row.mark_label}.")
    return redirect("ensembles:register", public_id=rehearsal.public_id)


@role_required(Section.ENSEMBLES)
def attendance(request, slug):
    ensemble = get_schedule_ensemble_for(request.user, slug)
    year = hub_selectors.current_academic_year()
    today = timezone.localdate()
    rates = selectors.attendance_rates(ensemble, year, today) if year else []
    context = {
        "dates": selectors.dates_held(ensemble, year, today) if year else [],
        "ensemble": ensemble,
        "year": year,
        "rates": rates,
        "flagged": selectors.below_threshold(rates),
        "threshold": selectors.threshold(),
    }
    return render(request, "ensembles/attendance/rates.html", context)


@guardian_required
def family_dates(request, public_id):
    child = get_child_for(request.user, public_id)
    context = {"child": child, "dates": selectors.child_dates(child, timezone.localdate())}
    return render(request, "ensembles/family/dates.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def absence_report(request, public_id, rehearsal_id):
    child, rehearsal, member = selectors.get_child_date_for(request.user, public_id, rehearsal_id)
    reported = selectors.reported_absence(rehearsal, member)
    form = AbsenceForm(request.POST or None, initial={"reason": reported.reason if reported else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_absence(
                rehearsal=rehearsal, membership=member, reason=form.cleaned_data["reason"], by=request.user
            )
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"{child.first_name}'s absence from {rehearsal.name.lower()} on {rehearsal.date:%A %d/%m/%Y} "
                "is reported: the leader will see it on the register.",
            )
            return redirect("ensembles:family-dates", public_id=child.public_id)
    context = {
        "child": child,
        "rehearsal": rehearsal,
        "reported": reported,
        "form": form,
        "is_past": rehearsal.date < timezone.localdate(),
    }
    return render(request, "ensembles/family/absence_form.html", context)
