"""Staff's hire queues, by type and size, the allocation of an instrument in stock to a request, declining a
request, and cancelling an allocation before the instrument goes out."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.selectors import current_academic_year
from instruments.errors import InstrumentsError
from instruments.forms.allocation import (
    QUEUE,
    AllocateForm,
    CancelAllocationForm,
    DeclineForm,
    QueueFilterForm,
)
from instruments.naming import a_kind, kind
from instruments.pricing import termly_hire_fee_for
from instruments.selectors import queue as selectors
from instruments.selectors.desk import get_hire_in_full
from instruments.selectors.inventory import instrument_types
from instruments.services import allocation as services
from instruments.services import requests as request_services
from instruments.services.hires import holder

PAGE_SIZE = 50


@role_required(Section.INSTRUMENTS)
def request_queue(request):
    types = instrument_types()
    form = QueueFilterForm(request.GET or None, types=types)
    chosen = form.cleaned_data.get("instrument_type") if form.is_valid() else None
    rows = selectors.queue(instrument_type=chosen)
    page = selectors.page_shown(rows, request.GET.get("page"), PAGE_SIZE, today=timezone.localdate())
    context = {"form": form, "page": page, "types": types, "chosen_type": chosen.slug if chosen else None}
    return render(request, "instruments/staff/queue.html", context)


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def allocate(request, public_id):
    hire_request = selectors.get_waiting_request(public_id)
    if request.method == "POST" and not hire_request.is_open:
        # A second press of the button, or a colleague first: the request has left its queue.
        messages.info(
            request, f"This request is no longer waiting: {hire_request.get_status_display().lower()}."
        )
        return redirect("instruments:request-queue")
    instruments = selectors.instruments_to_allocate(hire_request)
    form = AllocateForm(
        request.POST if request.method == "POST" else None,
        initial={"due_back_on": services.default_due_back()},
        instruments=instruments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            hire = services.allocate(
                hire_request=hire_request,
                instrument=form.cleaned_data["instrument"],
                due_back_on=form.cleaned_data["due_back_on"],
                by=request.user,
            )
        except InstrumentsError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"{hire.instrument.asset_tag} is allocated to {hire_request.pupil.full_name}; the family has "
                "been e-mailed the hire agreement.",
            )
            return redirect("instruments:request-queue")
    year = current_academic_year()
    context = {
        "hire_request": hire_request,
        "wanted": a_kind(hire_request.instrument_type, hire_request.size),
        "kind": kind(hire_request.instrument_type, hire_request.size),
        "in_stock": instruments.exists(),
        "form": form,
        "year": year,
        "fee": termly_hire_fee_for(hire_request.pupil, hire_request.instrument_type, year),
    }
    return render(request, "instruments/staff/allocate.html", context)


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def decline(request, public_id):
    hire_request = selectors.get_waiting_request(public_id)
    if request.method == "POST" and not hire_request.is_open:
        # A second press of the button, or a colleague first: the request has left its queue.
        messages.info(
            request, f"This request is no longer waiting: {hire_request.get_status_display().lower()}."
        )
        return redirect("instruments:request-queue")
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            request_services.decline_request(
                hire_request=hire_request, reason=form.cleaned_data["reason"], by=request.user
            )
        except InstrumentsError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"The request for {hire_request.pupil.full_name} is declined; the family has been e-mailed "
                "the reason.",
            )
            return redirect("instruments:request-queue")
    context = {
        "hire_request": hire_request,
        "wanted": a_kind(hire_request.instrument_type, hire_request.size),
        "form": form,
    }
    return render(request, "instruments/staff/decline.html", context)


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def cancel_allocation(request, public_id):
    hire = get_hire_in_full(public_id)
    desk = f"{reverse('instruments:desk')}?{urlencode({'tag': hire.instrument.asset_tag})}"
    problem = services.why_not_cancellable(hire)
    if request.method == "POST" and problem:
        # A second press of the button, or a colleague checked it out first.
        messages.info(request, problem)
        return redirect(desk)
    form = CancelAllocationForm(
        request.POST if request.method == "POST" else None, has_request=hire.request_id is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_allocation(
                hire=hire,
                reason=form.cleaned_data["reason"],
                back_to_queue=form.cleaned_data.get("back_to_queue") == QUEUE,
                by=request.user,
            )
        except InstrumentsError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _cancelled(hire, form.cleaned_data.get("back_to_queue")))
            return redirect(desk)
    context = {"hire": hire, "holder": holder(hire), "problem": problem, "form": form, "desk": desk}
    return render(request, "instruments/staff/cancel.html", context)


def _cancelled(hire, after: str | None) -> str:
    done = (
        f"The allocation of {hire.instrument.asset_tag} to {holder(hire)} is cancelled: it is free to lend."
    )
    if after is None:
        return done
    if after == QUEUE:
        return (
            f"{done} {hire.pupil.first_name} is back in the queue, in the same place; the family is e-mailed."
        )
    return f"{done} The request is closed; the family is e-mailed."
