"""Deleting a draft SLA catalogue that was started by mistake, after a confirmation page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from schools import sla_selectors as sla
from schools.sla_drafts import delete_draft_catalogue
from schools.sla_services import SlaError


@role_required(*Section.MONEY)
@require_http_methods(["GET", "POST"])
def catalogue_delete(request, year):
    catalogue = sla.get_catalogue(year)
    if request.method == "POST":
        try:
            delete_draft_catalogue(catalogue=catalogue, by=request.user)
        except SlaError as error:
            messages.error(request, str(error))
            return redirect("schools:catalogue-detail", year=year)
        messages.success(request, f"The draft {catalogue.financial_year} catalogue has been deleted.")
        return redirect("schools:catalogue-list")
    context = {"catalogue": catalogue, "can_delete": sla.can_delete(catalogue)}
    return render(request, "schools/sla/catalogue_delete.html", context)
