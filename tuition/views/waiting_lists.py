"""Staff's waiting lists, by school and instrument, and the offer of a place in a slot."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.selectors import current_academic_year
from tuition.errors import TuitionError
from tuition.forms.waiting_lists import OfferForm, WaitingListFilterForm
from tuition.selectors import waiting_lists as selectors
from tuition.services import offers as services

PAGE_SIZE = 50


@role_required(Section.LESSONS)
def waiting_list(request):
    schools, instruments = list(selectors.schools_waiting()), list(selectors.instruments_waiting())
    form = WaitingListFilterForm(request.GET or None, schools=schools, instruments=instruments)
    filters = form.cleaned_data if form.is_valid() else {}
    school, instrument = filters.get("school"), filters.get("instrument")
    page = Paginator(selectors.waiting_list(school=school, instrument=instrument), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_details(page.object_list)
    context = {
        "form": form,
        "page": page,
        "schools": schools,
        "instruments": instruments,
        "chosen_school": school.urn if school else None,
        "chosen_instrument": instrument.slug if instrument else None,
        "year": current_academic_year(),
        "today": timezone.localdate(),
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
