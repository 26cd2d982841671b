"""Floor 3: the e-mails that could not be sent, for the hub admin to read and send again."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub import outbox
from hub.access import Section, role_required
from hub.models import OutgoingEmail

PAGE_SIZE = 50


@role_required(*Section.PEOPLE)
def failed_emails(request):
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).order_by("-updated_at", "-id")
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hub/failed_emails.html", {"page": page})


@role_required(*Section.PEOPLE)
@require_POST
def failed_email_retry(request, public_id):
    email = get_object_or_404(OutgoingEmail, public_id=public_id, status=OutgoingEmail.Status.FAILED)
    outbox.retry_failed_email(email=email, by=request.user)
    messages.success(request, f"The e-mail to {', '.join(email.to)} is queued to be sent again.")
    return redirect("hub:failed-emails")
