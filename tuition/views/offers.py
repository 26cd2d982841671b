"""The family's answer to an offer of a place, from the link in the e-mail."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import guardian_required
from tuition.errors import TuitionError
from tuition.models import Offer
from tuition.pricing import termly_fee_for
from tuition.selectors.requests import get_offer_for
from tuition.services import offers as services


@guardian_required
@require_http_methods(["GET", "POST"])
def offer(request, public_id):
    found = get_offer_for(request.user, public_id)
    child = found.request.pupil
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.accept_offer(offer=found, by=request.user)
                messages.success(
                    request,
                    f"{child.first_name}'s place is booked: lessons start on {found.starts_on:%d/%m/%Y}.",
                )
                return redirect("tuition:family-lessons")
            if answer == "decline":
                services.decline_offer(offer=found, by=request.user)
                messages.success(
                    request, f"You have declined the place. The request for {child.first_name} is closed."
                )
                return redirect("tuition:family-lessons")
            messages.error(request, "Choose to accept or to decline the place.")
        except TuitionError as error:
            messages.error(request, str(error))
        return redirect("tuition:offer", public_id=found.public_id)
    context = {
        "offer": found,
        "child": child,
        "fee": termly_fee_for(child, found.slot.lesson_type),
        "is_open": found.status == Offer.Status.OPEN and found.expires_at > timezone.now(),
    }
    return render(request, "tuition/family/offer.html", context)
