"""The instrument store's reports (Section.INSTRUMENTS): six tables on one page (the
schools' one area at a time), each also a CSV file."""

import codecs

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub.access import Section, role_required
from hub.csv_files import csv_text
from instruments.selectors import reports as selectors


@role_required(Section.INSTRUMENTS)
def reports(request):
    page = selectors.reports_page(area=request.GET.get("area"))
    return render(request, "instruments/reports/reports.html", {"page": page})


@role_required(Section.INSTRUMENTS)
def report_csv(request, table):
    report = selectors.REPORTS.get(table)
    if report is None:
        raise Http404("No such report.")
    found = report()
    rows = [found.headings, *found.rows, *([found.total] if found.total else [])]
    # With a byte order mark, so that Excel opens it as UTF-8 (a school's name may have an accent).
    response = HttpResponse(codecs.BOM_UTF8 + csv_text(rows).encode(), content_type="text/csv; charset=utf-8")
    filename = f"instruments-{found.slug}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
