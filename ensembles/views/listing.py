"""The public listing of ensembles and an ensemble's page: for families and for visitors who have not
signed in (linked from the landing page)."""

from django.shortcuts import render

from ensembles.forms.listing import ListingFilterForm
from ensembles.pricing import family_fees
from ensembles.selectors import listing as selectors
from hub.pagination import page_of, with_total
from hub.selectors import current_academic_year

# A page of ensembles a family reads through; the filters narrow the sixty of a county to a few.
PER_PAGE = 20


def public_list(request):
    instruments, areas = selectors.listing_instruments(), selectors.listing_areas()
    form = ListingFilterForm(request.GET or None, instruments=instruments, areas=areas)
    filters = form.cleaned_data if form.is_valid() else {}
    year = current_academic_year()
    found = selectors.public_ensembles(
        year=year, age=filters.get("age"), instrument=filters.get("instrument"), area=filters.get("area")
    )
    page = page_of(with_total(found), request.GET.get("page"), PER_PAGE)
    ensembles = selectors.with_sections_text(page.object_list)
    chosen = {name: getattr(filters.get(name), "slug", None) for name in ("instrument", "area")}
    context = {
        "form": form,
        "ensembles": ensembles,
        "page": page,
        "instruments": instruments,
        "areas": areas,
        "chosen": chosen,
        "year": year,
        "filtered": any(value is not None for value in filters.values()),
        "is_guardian": getattr(request.user, "guardian", None) is not None,
    }
    return render(request, "ensembles/public/list.html", context)


def public_detail(request, slug):
    ensemble, year = selectors.get_public_ensemble(slug)
    # Parents and carers apply from here; a visitor is offered the sign-in that leads back to the form.
    is_guardian = getattr(request.user, "guardian", None) is not None
    context = {
        "ensemble": ensemble,
        "year": year,
        "is_guardian": is_guardian,
        "family_fees": family_fees(request.user, ensemble, year),
    }
    return render(request, "ensembles/public/detail.html", context)
