"""An ensemble's members (Section.ENSEMBLES): the roll for a year by section, recording a member leaving, and
next year's roll-over. A leader reaches only the ensembles they lead: another's answers 404."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ensembles.errors import EnsemblesError
from ensembles.forms.membership import LeavingForm
from ensembles.selectors import membership as selectors
from ensembles.selectors.ensembles import get_plain_ensemble_for
from ensembles.services import membership as services
from ensembles.views.ensembles import show_error
from hub import selectors as hub_selectors
from hub.access import Section, role_required

ZERO = uuid.UUID(int=0)


def _year(request):
    asked = request.GET.get("year", "")
    year = (
        hub_selectors.get_academic_year(int(asked))
        if asked.isdigit()
        else hub_selectors.year_or_current(None)
    )
    if year is None:
        raise Http404("No academic year is set up yet.")
    return year


def _year_among(request, years):
    """As _year, from the years the page lists anyway: no query of its own."""
    asked = request.GET.get("year", "")
    if asked.isdigit():
        year = next((year for year in years if year.starts_on.year == int(asked)), None)
    else:
        year = hub_selectors.current_of(years)
    if year is None:
        raise Http404("No academic year is set up yet.")
    return year


@role_required(Section.ENSEMBLES)
def roll(request, slug):
    ensemble = selectors.get_roll_ensemble_for(request.user, slug)
    years = list(hub_selectors.academic_years())
    year = _year_among(request, years)
    context = {
        "ensemble": ensemble,
        "year": year,
        "years": years,
        "sections": selectors.roll(ensemble, year),
        # Each line's link to record leaving is this and the member's id: one reverse, not one a member.
        "leave_url_base": reverse("ensembles:member-leave", kwargs={"public_id": ZERO}).removesuffix(
            f"{ZERO}/leave/"
        ),
    }
    return render(request, "ensembles/staff/roll.html", context)


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def leave(request, public_id):
    member = selectors.get_member_for(request.user, public_id)
    form = LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_leaving(
                membership=member,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except EnsemblesError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{member.pupil.full_name} has left {member.ensemble.name}.")
            return redirect(_roll_url(member))
    return render(request, "ensembles/staff/leave.html", {"member": member, "form": form})


def _roll_url(member) -> str:
    url = reverse("ensembles:roll", kwargs={"slug": member.ensemble.slug})
    return f"{url}?year={member.academic_year.start_year}"


@role_required(Section.ENSEMBLES)
@require_http_methods(["GET", "POST"])
def roll_over(request, slug):
    """GET explains what the roll-over does; POST does it and shows who was copied and who was left out."""
    ensemble = get_plain_ensemble_for(request.user, slug)
    year = _year(request)
    result, error = None, None
    if request.method == "POST":
        try:
            result = services.roll_over(ensemble=ensemble, year=year, by=request.user)
        except EnsemblesError as refused:
            error = str(refused)
    context = {"ensemble": ensemble, "year": year, "result": result, "error": error}
    return render(request, "ensembles/staff/roll_over.html", context)
