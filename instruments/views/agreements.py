"""The hire agreement a guardian reads and accepts, from the link e-mailed when an instrument is allocated."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import guardian_required
from hub.selectors import current_academic_year
from instruments.errors import InstrumentsError
from instruments.forms.requests import AgreementForm
from instruments.pricing import termly_hire_fee_for
from instruments.selectors.requests import get_hire_for
from instruments.services import agreements as services


@guardian_required
@require_http_methods(["GET", "POST"])
def agreement(request, public_id):
    hire = get_hire_for(request.user, public_id)
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if hire.agreement_accepted_at is not None:
            # A second press of the button (or a second tab): it is accepted, once, already.
            accepted = timezone.localtime(hire.agreement_accepted_at)
            messages.info(
                request, f"This agreement was already accepted on {accepted:%d/%m/%Y} at {accepted:%H:%M}."
            )
            return redirect("instruments:hire-agreement", public_id=hire.public_id)
        if form.is_valid():
            try:
                services.accept_agreement(hire=hire, by=request.user)
            except InstrumentsError as error:
                form.add_error("accept", str(error))
            else:
                messages.success(
                    request,
                    f"Thank you: the agreement is accepted. Collect {hire.pupil.first_name}'s "
                    f"{hire.instrument.instrument_type.name.lower()} from the store.",
                )
                return redirect("instruments:family-instruments")
    year = current_academic_year()
    context = {
        "hire": hire,
        "child": hire.pupil,
        "instrument": hire.instrument,
        "year": year,
        "fee": termly_hire_fee_for(hire.pupil, hire.instrument.instrument_type, year),
        "form": form,
    }
    return render(request, "instruments/family/agreement.html", context)
