"""An ensemble's sections (Section.ENSEMBLES): adding, changing and removing one, for the ensemble's leaders
and the hub admin; a section of another leader's ensemble answers 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.ensembles import SectionForm
from ensembles.selectors import ensembles as selectors
from ensembles.services import sections as services
from ensembles.views.ensembles import show_error
from hub.access import Section, role_required


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def section_add(request, slug):
    ensemble = selectors.get_ensemble_for(request.user, slug)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.add_section(ensemble=ensemble, data=form.cleaned_data, by=request.user)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The {section.name} section has been added to {ensemble.name}.")
            return redirect("ensembles:ensemble-detail", slug=ensemble.slug)
    return render(request, "ensembles/staff/section_form.html", {"form": form, "ensemble": ensemble})


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def section_edit(request, public_id):
    section = selectors.get_section_for(request.user, public_id)
    form = SectionForm(request.POST or None, instance=selectors.get_section_for(request.user, public_id))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_section(section=section, data=form.cleaned_data, by=request.user)
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The {saved.name} section has been saved.")
            return redirect("ensembles:ensemble-detail", slug=section.ensemble.slug)
    context = {"form": form, "ensemble": section.ensemble, "section": section}
    return render(request, "ensembles/staff/section_form.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def section_remove(request, public_id):
    section = selectors.get_section_for(request.user, public_id)
    if request.method == "POST":
        services.remove_section(section=section, by=request.user)
        ensemble = section.ensemble
        messages.success(request, f"The {section.name} section has been removed from {ensemble.name}.")
        return redirect("ensembles:ensemble-detail", slug=section.ensemble.slug)
    return render(request, "ensembles/staff/section_remove.html", {"section": section})
