"""Ensembles for staff (Section.ENSEMBLES): the list, an ensemble's page with its sections, and adding
(the hub admin) or changing one. A leader reaches only the ensembles they lead: another's answers 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.ensembles import EnsembleForm
from ensembles.selectors import attendance
from ensembles.selectors import ensembles as selectors
from ensembles.selectors import messages as message_selectors
from ensembles.services import ensembles as services
from hub.access import Section, role_required
from hub.models import StaffRole
from hub.pagination import page_of, with_total
from hub.selectors import current_academic_year

MESSAGES_PAGE = 20


def show_error(form, error: EnsemblesError) -> None:
    """A service's reason, next to the field it is about."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


@role_required(Section.ENSEMBLES)
def ensemble_list(request):
    context = {"ensembles": selectors.ensemble_list(request.user)}
    return render(request, "ensembles/staff/list.html", context)


@role_required(Section.ENSEMBLES)
def ensemble_detail(request, slug):
    today = timezone.localdate()
    ensemble = selectors.get_ensemble_page_for(request.user, slug, today)
    sent = with_total(message_selectors.messages_of(ensemble))
    year = current_academic_year()
    rates = attendance.attendance_rates(ensemble, year, today) if year else []
    context = {
        "ensemble": ensemble,
        "sections": selectors.section_rows(ensemble),
        "page": page_of(sent, request.GET.get("page"), MESSAGES_PAGE),
        "flagged": attendance.below_threshold(rates),
        "threshold": attendance.threshold(),
    }
    return render(request, "ensembles/staff/detail.html", context)


@role_required(StaffRole.HUB_ADMIN)
@require_http_methods(["GET", "POST"])
def ensemble_add(request):
    form = EnsembleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ensemble = services.add_ensemble(data=form.cleaned_data, by=request.user)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{ensemble.name} has been added.")
            return redirect("ensembles:ensemble-detail", slug=ensemble.slug)
    return render(request, "ensembles/staff/form.html", {"form": form})


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def ensemble_edit(request, slug):
    ensemble = selectors.get_ensemble_for(request.user, slug)
    # The form changes the instance it is given as it validates: the page's heading keeps the saved one.
    form = EnsembleForm(request.POST or None, instance=selectors.get_ensemble_for(request.user, slug))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_ensemble(ensemble=ensemble, data=form.cleaned_data, by=request.user)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("ensembles:ensemble-detail", slug=saved.slug)
    return render(request, "ensembles/staff/form.html", {"form": form, "ensemble": ensemble})
