"""The termly fees of each academic year, an ensemble a line: the hub admin sets them (a fee is the hub's
charging policy, not a leader's)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.fees import EnsembleFeesForm
from ensembles.selectors import fees as selectors
from ensembles.services import fees as services
from hub import selectors as hub_selectors
from hub.access import role_required
from hub.models import StaffRole


@role_required(StaffRole.HUB_ADMIN)
@require_http_methods(["GET", "POST"])
def ensemble_fees(request, year=None):
    asked = request.GET.get("year", "")
    year = year or (int(asked) if asked.isdigit() else None)
    academic_year = hub_selectors.get_academic_year(year) if year else hub_selectors.year_or_current(None)
    if academic_year is None:
        raise Http404("No academic year is set up yet.")
    ensembles = list(selectors.ensembles_with_fees(academic_year))
    form = EnsembleFeesForm(request.POST or None, ensembles=ensembles)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_ensemble_fees(
                academic_year=academic_year, fees=form.fees(), by=request.user
            )
        except EnsemblesError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                plural = "" if changed == 1 else "s"
                messages.success(request, f"Saved {changed} ensemble fee{plural} for {academic_year}.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("ensembles:ensemble-fees-year", year=academic_year.start_year)
    context = {"form": form, "year": academic_year, "years": hub_selectors.academic_years()}
    return render(request, "ensembles/staff/fees.html", context)
