"""Importing the inventory from a CSV file (Section.INSTRUMENTS), and the template to fill in. A store's file
imports in a second or two, so the page does it at once and shows each problem, rather than queueing a job."""

import codecs

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from instruments.errors import InstrumentsError
from instruments.forms.inventory_import import InventoryImportForm
from instruments.inventory_csv import COLUMNS, template_csv
from instruments.services.inventory_import import ImportRefused, import_instruments

# A page of thousands of problems helps nobody: the first ones, and how many more (the command lists all).
PROBLEMS_SHOWN = 500


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def instrument_import(request):
    form = InventoryImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_instruments(data=upload.read(), by=request.user)
        except ImportRefused as refused:
            form.add_error("file", str(refused))
            problems = refused.errors
        except InstrumentsError as error:
            form.add_error("file", f"{error} Nothing was imported.")
        else:
            messages.success(
                request,
                f"{upload.name}: {report.rows:,} instruments imported ({report.created:,} new, "
                f"{report.updated:,} changed, {report.unchanged:,} unchanged).",
            )
            return redirect("instruments:instrument-list")
    context = {
        "form": form,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(len(problems) - PROBLEMS_SHOWN, 0),
        "columns": COLUMNS,
    }
    return render(request, "instruments/inventory/import.html", context)


@role_required(Section.INSTRUMENTS)
def import_template(request):
    # With a byte order mark, so that Excel opens it as UTF-8.
    response = HttpResponse(codecs.BOM_UTF8 + template_csv().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="instruments-template.csv"'
    return response
