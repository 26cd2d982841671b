"""The termly hire fees of each academic year (Section.INSTRUMENTS): the family billing run charges them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub import selectors as hub_selectors
from hub.access import Section, role_required
from instruments.errors import InstrumentsError
from instruments.forms.fees import HireFeesForm
from instruments.selectors import fees as selectors
from instruments.services import fees as services


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def hire_fees(request, year=None):
    asked = request.GET.get("year", "")
    year = year or (int(asked) if asked.isdigit() else None)
    academic_year = hub_selectors.get_academic_year(year) if year else hub_selectors.year_or_current(None)
    if academic_year is None:
        raise Http404("No academic year is set up yet.")
    form = HireFeesForm(request.POST or None, types=list(selectors.hireable_types_with_fees(academic_year)))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_hire_fees(academic_year=academic_year, fees=form.fees(), by=request.user)
        except InstrumentsError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(
                    request, f"Saved {changed} hire fee{'' if changed == 1 else 's'} for {academic_year}."
                )
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("instruments:hire-fees-year", year=academic_year.start_year)
    context = {"form": form, "year": academic_year, "years": hub_selectors.academic_years()}
    return render(request, "instruments/fees/fees.html", context)
