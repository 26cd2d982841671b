"""Overdue hires (Section.INSTRUMENTS): the list to chase, and starting the week's reminders now rather than
waiting for beat's Monday run (a hire is still reminded at most once a week)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.access import Section, role_required
from instruments.errors import InstrumentsError
from instruments.selectors import overdue as selectors
from instruments.services import overdue as services

PAGE_SIZE = 50


@role_required(Section.INSTRUMENTS)
def overdue_list(request):
    today = timezone.localdate()
    context = {
        "page": selectors.overdue_page(today, request.GET.get("page"), PAGE_SIZE),
        "today": today,
        "last_job": selectors.last_reminder_job(),
        "remind_every": services.REMIND_EVERY.days,
    }
    return render(request, "instruments/overdue/list.html", context)


@role_required(Section.INSTRUMENTS)
@require_POST
def send_reminders(request):
    try:
        job = services.start_overdue_reminders(by=request.user)
    except InstrumentsError as error:
        messages.error(request, str(error))
        return redirect("instruments:overdue-hires")
    return redirect("hub:job-detail", public_id=job.public_id)
