"""Class sets lent to schools (Section.INSTRUMENTS): the loans, lending one, and one loan's instruments."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.pagination import page_of, with_total
from instruments.errors import InstrumentsError
from instruments.forms.class_sets import FREE, ClassSetForm, StockFilterForm
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
    loan = selectors.get_loan(public_id)
    context = {"loan": loan, "hires": selectors.hires_of(loan)}
    return render(request, "instruments/class_sets/detail.html", context)


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
