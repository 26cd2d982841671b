"""A family's lessons: the enrolment's page, and giving notice (the end date shown before confirming)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import guardian_required
from tuition.errors import TuitionError
from tuition.forms.enrolments import NoticeForm
from tuition.notice import enrolment_notice_end
from tuition.selectors import enrolments as selectors
from tuition.services import enrolments as services


@guardian_required
def family_enrolment(request, public_id):
    enrolment = selectors.get_family_enrolment(request.user, public_id)
    placement = selectors.placement_on(enrolment, timezone.localdate())
    context = {"enrolment": enrolment, "placement": placement, "notice_weeks": settings.TUITION_NOTICE_WEEKS}
    return render(request, "tuition/family/enrolment.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def give_notice(request, public_id):
    enrolment = selectors.get_family_enrolment(request.user, public_id)
    if enrolment.ends_on and "confirm" not in request.POST:
        messages.info(request, f"These lessons already end on {enrolment.ends_on:%d/%m/%Y}.")
        return redirect("tuition:family-enrolment", public_id=enrolment.public_id)
    form = NoticeForm(request.POST or None)
    context = {"enrolment": enrolment, "form": form, "notice_weeks": settings.TUITION_NOTICE_WEEKS}
    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        if "confirm" not in request.POST:
            context["ends_on"] = enrolment_notice_end(enrolment, timezone.localdate())
            return render(request, "tuition/family/notice_confirm.html", context)
        data = form.cleaned_data
        try:
            enrolment = services.give_notice(
                enrolment=enrolment, reason=data["reason"], detail=data["detail"], by=request.user
            )
        except TuitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Notice given: {enrolment.pupil.first_name}'s last lesson is on "
                f"{enrolment.ends_on:%A %d/%m/%Y}. We have e-mailed you to confirm.",
            )
        return redirect("tuition:family-enrolment", public_id=enrolment.public_id)
    return render(request, "tuition/family/notice_form.html", context)
