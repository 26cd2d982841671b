"""A family's instruments: each child's hires and requests, asking to hire for a child, and withdrawing a
request."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import guardian_required
from instruments.errors import InstrumentsError
from instruments.forms.requests import HireRequestForm
from instruments.naming import a_kind
from instruments.selectors import requests as selectors
from instruments.services import requests as services
from instruments.size_guide import guides_for, rows_for
from schools.selectors.people import get_child_for


@guardian_required
def family_instruments(request):
    context = {"children": selectors.family_instruments(request.user.guardian)}
    return render(request, "instruments/family/instruments.html", context)


def _chosen_child(request):
    """The child the form names (posted, or in the link that opened it): 404 for another family's child."""
    chosen = request.POST.get("child") if request.method == "POST" else request.GET.get("child")
    if not chosen:
        return None
    return get_child_for(request.user, chosen)


@guardian_required
@require_http_methods(["GET", "POST"])
def request_hire(request):
    child = _chosen_child(request)
    children = request.user.guardian.children.select_related("school").order_by("first_name", "last_name")
    types, family = list(selectors.hireable_types()), list(children)
    initial = {"child": child.public_id} if child else {}
    form = HireRequestForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        children=children,
        family=family,
        types=types,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hire_request = services.request_hire(
                pupil=data["child"],
                instrument_type=data["instrument_type"],
                size=data["size"],
                note=data["note"],
                by=request.user,
            )
        except InstrumentsError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            wanted = a_kind(hire_request.instrument_type, hire_request.size)
            messages.success(
                request,
                f"{hire_request.pupil.first_name} is waiting for {wanted}. We will e-mail you when one is "
                "ready.",
            )
            return redirect("instruments:family-instruments")
    today = timezone.localdate()
    context = {
        "form": form,
        "guides": [(guide, rows_for(guide, family, today)) for guide in guides_for(types)],
        "ages": [(item, item.age_on(today)) for item in family],
    }
    return render(request, "instruments/family/request.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def withdraw_request(request, public_id):
    hire_request = selectors.get_request_for(request.user, public_id)
    if request.method == "POST":
        try:
            services.withdraw_request(hire_request=hire_request, by=request.user)
        except InstrumentsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The request for {hire_request.pupil.first_name} is withdrawn.")
        return redirect("instruments:family-instruments")
    return render(request, "instruments/family/withdraw.html", {"hire_request": hire_request})
