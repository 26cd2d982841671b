"""Asset labels (Section.INSTRUMENTS): the store chooses instruments by their tags or by the inventory's
filters, and a worker draws the sheet (up to ten sheets from here; more are the instrument_labels command's).
The page records the tags chosen as a job and sends the user to its progress; the sheet is downloaded once
the worker has kept it, and is never drawn in a request."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hub import documents
from hub.access import Section, role_required
from instruments import labels
from instruments.errors import InstrumentsError
from instruments.forms.labels import LabelSheetForm
from instruments.selectors import inventory
from instruments.selectors import labels as selectors
from instruments.services import labels as services


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def label_sheet(request):
    types = inventory.instrument_types()
    sizes = inventory.sizes_of(types)
    # The inventory links here with its filters in the query: they fill the form in.
    form = LabelSheetForm(request.POST or None, initial=request.GET.dict(), types=types, sizes=sizes)
    if request.method == "POST" and form.is_valid():
        try:
            rows = _chosen(form.cleaned_data)
            job = services.make_label_sheet(
                tags=[row.asset_tag for row in rows], skip=form.cleaned_data["skip"], by=request.user
            )
        except InstrumentsError as error:
            form.add_error(error.field, str(error))
        else:
            return redirect("hub:job-detail", public_id=job.public_id)
    chosen = request.POST if request.method == "POST" else request.GET
    context = {
        "form": form,
        "types": types,
        "sizes": sizes,
        "chosen_type": chosen.get("instrument_type"),
        "chosen_size": chosen.get("size"),
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


@role_required(Section.INSTRUMENTS)
def label_sheet_download(request, public_id):
    """The kept sheet; while the worker is still drawing it, a page saying so."""
    job = selectors.get_sheet_job(public_id)
    back = reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    if job.status not in services.ACTIVE and not documents.is_stored(job.document):
        messages.error(request, "This sheet of labels was not made: the reason is below.")
        return redirect(back)
    return documents.download(
        request,
        job.document,
        filename=services.sheet_filename(job),
        title="The sheet of asset labels",
        prepare=lambda: None,  # the job itself draws it
        back=(back, "Back to the sheet's progress"),
    )
