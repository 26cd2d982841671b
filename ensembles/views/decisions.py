"""Staff's side of applications (Section.ENSEMBLES): an ensemble's applications with its sections filling
towards their targets, recording an outcome, and publishing audition slots. A leader reaches only the
ensembles they lead: another's answers 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.applications import AuditionSlotForm, OutcomeForm
from ensembles.selectors import applications as selectors
from ensembles.selectors.ensembles import get_plain_ensemble_for
from ensembles.services import auditions as audition_services
from ensembles.services import outcomes as services
from ensembles.views.ensembles import show_error
from hub.access import Section, role_required
from hub.selectors import current_academic_year


@role_required(Section.ENSEMBLES)
def ensemble_applications(request, slug):
    ensemble = get_plain_ensemble_for(request.user, slug)
    year = current_academic_year()
    context = {
        "ensemble": ensemble,
        "year": year,
        "applications": selectors.ensemble_applications(ensemble, year),
        "sections": selectors.sections_filling(ensemble, year),
    }
    return render(request, "ensembles/staff/applications.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def decide(request, public_id):
    application = selectors.get_application_for(request.user, public_id)
    ensemble = application.ensemble
    sections = selectors.sections_filling(ensemble, application.academic_year)
    # A decided application shows no form: a late POST (a second tab) is not validated against it.
    posted = request.POST if request.method == "POST" and application.is_open else None
    form = OutcomeForm(posted, sections=sections)
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.record_outcome(
                application=application,
                outcome=data["outcome"],
                section=data["section"],
                note=data["note"],
                by=request.user,
            )
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"{decided.pupil.full_name}: {decided.get_status_display().lower()}. "
                "The family has been e-mailed.",
            )
            return redirect("ensembles:ensemble-applications", slug=ensemble.slug)
    context = {"application": application, "ensemble": ensemble, "sections": sections, "form": form}
    return render(request, "ensembles/staff/decide.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def auditions(request, slug):
    ensemble = get_plain_ensemble_for(request.user, slug)
    form = AuditionSlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slot = audition_services.publish_slot(ensemble=ensemble, by=request.user, **form.cleaned_data)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"An audition on {slot.when} has been published.")
            return redirect("ensembles:auditions", slug=ensemble.slug)
    context = {"ensemble": ensemble, "form": form, "slots": selectors.slots_of(ensemble)}
    return render(request, "ensembles/staff/auditions.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["POST"])
def audition_remove(request, public_id):
    slot = selectors.get_slot_for(request.user, public_id)
    try:
        audition_services.remove_slot(slot=slot, by=request.user)
    except EnsemblesError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The audition on {slot.when} has been removed.")
    return redirect("ensembles:auditions", slug=slot.ensemble.slug)
