"""The store's inventory (Section.INSTRUMENTS): the list searched and filtered, an instrument's page with its
history, and adding or changing an instrument."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from instruments.errors import InstrumentsError
from instruments.forms.inventory import InstrumentForm, InventoryFilterForm
from instruments.selectors import inventory as selectors
from instruments.services import inventory as services

PAGE_SIZE = 50


@role_required(Section.INSTRUMENTS)
def instrument_list(request):
    types = selectors.instrument_types()
    sizes = selectors.sizes_of(types)
    form = InventoryFilterForm(request.GET or None, types=types, sizes=sizes)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen_type, chosen_size = filters.get("instrument_type"), filters.get("size")
    rows = selectors.inventory(
        tag=filters.get("tag", ""),
        instrument_type=chosen_type,
        size=chosen_size.key if chosen_size else "",
        status=filters.get("status", ""),
        location=filters.get("location", ""),
        school_search=filters.get("school", ""),
    )
    page = selectors.page_shown(rows, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "types": types,
        "sizes": sizes,
        "chosen_type": chosen_type.slug if chosen_type else None,
        "chosen_size": chosen_size.key if chosen_size else None,
        "filtered": any(filters.values()),
    }
    return render(request, "instruments/inventory/list.html", context)


@role_required(Section.INSTRUMENTS)
def instrument_detail(request, public_id):
    instrument = selectors.get_instrument(public_id)
    context = {"instrument": instrument, "history": selectors.history_of(instrument)}
    return render(request, "instruments/inventory/detail.html", context)


def _show_error(form, error: InstrumentsError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def instrument_add(request):
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.add_instrument(data=form.cleaned_data, by=request.user)
        except InstrumentsError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"{instrument.asset_tag} has been added to the inventory.")
            return redirect("instruments:instrument-detail", public_id=instrument.public_id)
    return render(request, "instruments/inventory/form.html", {"form": form})


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def instrument_edit(request, public_id):
    instrument = selectors.get_instrument(public_id)
    # The form changes the instance it is given as it validates: the page's heading keeps the saved one.
    form = InstrumentForm(request.POST or None, instance=selectors.get_instrument(public_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_instrument(instrument=instrument, data=form.cleaned_data, by=request.user)
        except InstrumentsError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['asset_tag']} has been saved.")
            return redirect("instruments:instrument-detail", public_id=instrument.public_id)
    return render(request, "instruments/inventory/form.html", {"form": form, "instrument": instrument})
