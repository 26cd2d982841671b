"""Asset labels (Section.INSTRUMENTS): a PDF of label sheets for the instruments chosen by their tags or by
the inventory's filters. Up to ten sheets are drawn in the request (240 labels in about 3 s); more are the
instrument_labels command's."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub.access import Section, role_required
from instruments import labels
from instruments.errors import InstrumentsError
from instruments.forms.labels import LabelSheetForm
from instruments.selectors import inventory
from instruments.selectors import labels as selectors


@role_required(Section.INSTRUMENTS)
def label_sheet(request):
    types = inventory.instrument_types()
    sizes = inventory.sizes_of(types)
    form = LabelSheetForm(request.GET or None, types=types, sizes=sizes)
    if form.is_valid():
        try:
            rows = _chosen(form.cleaned_data)
        except InstrumentsError as error:
            form.add_error(error.field, str(error))
        else:
            pdf = labels.label_sheet_pdf(
                [labels.label_of(row) for row in rows], skip=form.cleaned_data["skip"]
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'inline; filename="asset-labels-{timezone.localdate():%Y%m%d}.pdf"'
            )
            return response
    context = {
        "form": form,
        "types": types,
        "sizes": sizes,
        "chosen_type": request.GET.get("instrument_type"),
        "chosen_size": request.GET.get("size"),
        "per_sheet": labels.LABELS_PER_SHEET,
        "most": labels.MOST_LABELS_AT_ONCE,
        "most_sheets": labels.MOST_LABELS_AT_ONCE // labels.LABELS_PER_SHEET,
    }
    return render(request, "instruments/labels/labels.html", context)


def _chosen(data: dict) -> list:
    most = labels.MOST_LABELS_AT_ONCE
    if data["tags"]:
        return selectors.labels_for_tags(data["tags"], most=most)
    size = data.get("size")
    found = inventory.inventory(
        tag=data.get("tag", ""),
        instrument_type=data.get("instrument_type"),
        size=size.key if size else "",
        status=data.get("status", ""),
        location=data.get("location", ""),
        school_search=data.get("school", ""),
    )
    return selectors.labels_for(found, most=most)
