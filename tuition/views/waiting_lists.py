"""Staff's waiting lists, by school and instrument, and the offer of a place in a slot."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.pagination import page_of, with_total
from hub.selectors import current_academic_year
from tuition.errors import TuitionError
from tuition.forms.waiting_lists import OfferForm, WaitingListFilterForm
from tuition.selectors import waiting_lists as selectors
from tuition.services import offers as services

PAGE_SIZE = 25


@role_required(Section.LESSONS)
def waiting_list(request):
    instruments = list(selectors.instruments())
    form = WaitingListFilterForm(request.GET or None, instruments=instruments)
    filters = form.cleaned_data if form.is_valid() else {}
    school, instrument = filters.get("school", ""), filters.get("instrument")
    rows = selectors.waiting_list(school_search=school, instrument=instrument)
    page = page_of(with_total(rows), request.GET.get("page"), PAGE_SIZE)
    page.object_list = selectors.as_shown(
        page.object_list, today=timezone.localdate(), year=current_academic_year()
    )
    context = {
        "form": form,
        "page": page,
        "instruments": instruments,
        "chosen_school": school,
        "chosen_instrument": instrument.slug if instrument else None,
    }
    return render(request, "tuition/staff/waiting_list.html", context)


@role_required(Section.LESSONS)
@require_http_methods(["GET", "POST"])
def make_offer(request, public_id):
    lesson_request = selectors.get_waiting_request(public_id)
    slots = selectors.slots_for(lesson_request)
    form = OfferForm(request.POST or None, lesson_request=lesson_request, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.make_offer(
                lesson_request=lesson_request,
                slot=form.cleaned_data["slot"],
                starts_on=form.cleaned_data["starts_on"],
                by=request.user,
            )
        except TuitionError as error:
            form.add_error(None, str(error))
        else:
            pupil = lesson_request.pupil
            messages.success(
                request, f"{pupil.full_name} has been offered a place; the family has been e-mailed."
            )
            return redirect("tuition:waiting-list")
    context = {"lesson_request": lesson_request, "form": form, "offer_days": settings.TUITION_OFFER_DAYS}
    return render(request, "tuition/staff/make_offer.html", context)
