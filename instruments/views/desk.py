"""The scanner desk (Section.INSTRUMENTS): one field a scanner types a tag into, the instrument it names, and
its next action (check out, return, send to repair, finish a repair) as a form posted, then back to the desk.

The look-up is a GET, so that a scan is a link that can be reloaded; each action posts and redirects to the
instrument's tag (post, redirect, get), so that reloading the page never does it twice.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.access import Section, role_required
from instruments.errors import InstrumentsError
from instruments.forms.desk import CheckOutForm, FinishRepairForm, ReturnForm, SendToRepairForm, TagForm
from instruments.selectors import desk as selectors
from instruments.services import hires as hire_services
from instruments.services import repairs as repair_services


def _desk_url(tag: str = "") -> str:
    url = reverse("instruments:desk")
    return f"{url}?{urlencode({'tag': tag})}" if tag else url


def _render(request, found: selectors.AtTheDesk | None, tag_form: TagForm, **bound):
    """The desk, with the instrument's action forms: unbound, but for the one that was posted with errors."""
    forms = {}
    if found is not None:
        instrument = found.instrument
        forms = {
            "check_out_form": CheckOutForm(initial={"condition": instrument.condition}),
            "return_form": ReturnForm(initial={"condition": instrument.condition}),
            "repair_form": SendToRepairForm(),
            "finish_form": FinishRepairForm(initial={"condition": instrument.condition}),
            **bound,
        }
    return render(request, "instruments/desk/desk.html", {"tag_form": tag_form, "found": found, **forms})


@role_required(Section.INSTRUMENTS)
def desk(request):
    if "tag" not in request.GET:
        return _render(request, None, TagForm())
    tag_form = TagForm(request.GET)
    found = None
    if tag_form.is_valid():
        tag = tag_form.cleaned_data["tag"]
        found = selectors.find_by_tag(tag)
        if found is None:
            tag_form.add_error(
                "tag", f"No instrument has the asset tag “{tag}”. Check the label, and scan or type it again."
            )
    return _render(request, found, tag_form)


def _after(request, error: InstrumentsError, form, instrument_id: int, name: str):
    """A service's refusal: at its field when it names one, else as a message over the instrument's state
    as it is now (a second press of a button finds the first one done)."""
    found = selectors.at_the_desk(instrument_id)
    tag = found.instrument.asset_tag
    if error.field in form.fields:
        form.add_error(error.field, str(error))
        return _render(request, found, TagForm(initial={"tag": tag}), **{name: form})
    messages.error(request, str(error))
    return redirect(_desk_url(tag))


@role_required(Section.INSTRUMENTS)
@require_POST
def check_out(request, public_id):
    hire = selectors.get_hire(public_id)
    form = CheckOutForm(request.POST)
    if form.is_valid():
        try:
            hire = hire_services.check_out(
                hire=hire, condition=form.cleaned_data["condition"], on=timezone.localdate(), by=request.user
            )
        except InstrumentsError as error:
            return _after(request, error, form, hire.instrument_id, "check_out_form")
        messages.success(
            request, f"{hire.instrument.asset_tag} is checked out to {hire_services.holder(hire)}."
        )
        return redirect(_desk_url(hire.instrument.asset_tag))
    found = selectors.at_the_desk(hire.instrument_id)
    return _render(request, found, TagForm(initial={"tag": found.instrument.asset_tag}), check_out_form=form)


@role_required(Section.INSTRUMENTS)
@require_POST
def return_hire(request, public_id):
    hire = selectors.get_hire(public_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            hire = hire_services.return_hire(
                hire=hire,
                condition=data["condition"],
                damage_charge=data["damage_charge"],
                to_repair=data["to_repair"],
                note=data["note"],
                repairer=data["repairer"],
                by=request.user,
            )
        except InstrumentsError as error:
            return _after(request, error, form, hire.instrument_id, "return_form")
        where = f"sent to {data['repairer'].strip()} for repair" if data["to_repair"] else "back in stock"
        messages.success(request, f"{hire.instrument.asset_tag} is returned and {where}.")
        return redirect(_desk_url(hire.instrument.asset_tag))
    found = selectors.at_the_desk(hire.instrument_id)
    return _render(request, found, TagForm(initial={"tag": found.instrument.asset_tag}), return_form=form)


@role_required(Section.INSTRUMENTS)
@require_POST
def send_to_repair(request, public_id):
    found = selectors.at_the_desk(selectors.get_instrument_id(public_id))
    instrument = found.instrument
    form = SendToRepairForm(request.POST)
    if form.is_valid():
        try:
            repair_services.send_to_repair(
                instrument=instrument,
                fault=form.cleaned_data["fault"],
                repairer=form.cleaned_data["repairer"],
                by=request.user,
            )
        except InstrumentsError as error:
            return _after(request, error, form, instrument.pk, "repair_form")
        messages.success(
            request, f"{instrument.asset_tag} is away for repair with {form.cleaned_data['repairer']}."
        )
        return redirect(_desk_url(instrument.asset_tag))
    return _render(request, found, TagForm(initial={"tag": instrument.asset_tag}), repair_form=form)


@role_required(Section.INSTRUMENTS)
@require_POST
def finish_repair(request, public_id):
    repair = selectors.get_repair(public_id)
    form = FinishRepairForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            repair_services.finish_repair(
                repair=repair,
                cost=data["cost"],
                returned_on=data["returned_on"],
                condition=data["condition"],
                by=request.user,
            )
        except InstrumentsError as error:
            return _after(request, error, form, repair.instrument_id, "finish_form")
        messages.success(request, f"{repair.instrument.asset_tag} is back from repair and in stock.")
        return redirect(_desk_url(repair.instrument.asset_tag))
    found = selectors.at_the_desk(repair.instrument_id)
    return _render(request, found, TagForm(initial={"tag": found.instrument.asset_tag}), finish_form=form)
