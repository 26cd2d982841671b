"""Class sets lent to schools (Section.INSTRUMENTS): the loans, lending one, one loan's instruments, and
returning all of them still out at once."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import Section, role_required
from hub.pagination import page_of, with_total
from instruments.errors import InstrumentsError
from instruments.forms.class_sets import FREE, ClassSetForm, ReturnClassSetForm, StockFilterForm
from instruments.models import Hire
from instruments.selectors import class_sets as selectors
from instruments.selectors.inventory import instrument_types, sizes_of
from instruments.services import class_sets as services

PAGE_SIZE = 25


@role_required(Section.INSTRUMENTS)
def class_set_list(request):
    page = page_of(with_total(selectors.loans()), request.GET.get("page"), PAGE_SIZE)
    return render(request, "instruments/class_sets/list.html", {"page": page})


@role_required(Section.INSTRUMENTS)
def class_set_detail(request, public_id):
    return _render_detail(request, selectors.get_loan(public_id), ReturnClassSetForm())


def _render_detail(request, loan, return_form: ReturnClassSetForm):
    hires = list(selectors.hires_of(loan))
    context = {
        "loan": loan,
        "hires": hires,
        "still_out": sum(hire.status == Hire.Status.OUT for hire in hires),
        "not_yet_out": sum(hire.status in Hire.OPEN and hire.status != Hire.Status.OUT for hire in hires),
        "return_form": return_form,
    }
    return render(request, "instruments/class_sets/detail.html", context)


@role_required(Section.INSTRUMENTS)
@require_POST
def class_set_return(request, public_id):
    loan = selectors.get_loan(public_id)
    form = ReturnClassSetForm(request.POST)
    if form.is_valid():
        try:
            returned = services.return_class_set(
                loan=loan,
                condition=form.cleaned_data["condition"],
                returned_on=form.cleaned_data["returned_on"],
                by=request.user,
            )
        except InstrumentsError as error:
            if error.field not in form.fields:
                # A second press of the button, or each one returned at the desk meanwhile.
                messages.info(request, str(error))
                return redirect("instruments:class-set-detail", public_id=loan.public_id)
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _returned(loan, len(returned)))
            return redirect("instruments:class-set-detail", public_id=loan.public_id)
    return _render_detail(request, loan, form)


def _returned(loan, count: int) -> str:
    done = (
        f"{count} instrument{'' if count == 1 else 's'} returned from {loan.school.name} and back in stock."
    )
    if loan.hires.filter(status__in=Hire.OPEN).exists():
        return f"{done} Some were never checked out: check them out or cancel them at the scanner desk."
    return f"{done} Nothing is out: the class set is closed."


@role_required(Section.INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def class_set_add(request):
    types = instrument_types()
    sizes = sizes_of(types)
    stock = StockFilterForm(request.GET or None, types=types, sizes=sizes)
    filters = stock.cleaned_data if stock.is_valid() else {}
    chosen_type, chosen_size = filters.get("instrument_type"), filters.get("size")
    listed = list(
        selectors.lendable(instrument_type=chosen_type, size=chosen_size.key if chosen_size else "")
    )
    form = ClassSetForm(request.POST if request.method == "POST" else None, listed=listed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.lend_class_set(
                school=data["school"],
                instruments=data["chosen"],
                due_back_on=data["due_back_on"],
                free_under_sla=data["charging"] == FREE,
                note=data["note"],
                out_on=timezone.localdate() if data["out_now"] else None,
                by=request.user,
            )
        except InstrumentsError as error:
            form.add_error(form.field_for(error.field), str(error))
        else:
            count = len(data["chosen"])
            messages.success(
                request, f"{count} instrument{'' if count == 1 else 's'} lent to {loan.school.name}."
            )
            return redirect("instruments:class-set-detail", public_id=loan.public_id)
    context = {
        "stock": stock,
        "form": form,
        "types": types,
        "sizes": sizes,
        "chosen_type": chosen_type.slug if chosen_type else None,
        "chosen_size": chosen_size.key if chosen_size else None,
        "listed": listed,
    }
    return render(request, "instruments/class_sets/form.html", context)
