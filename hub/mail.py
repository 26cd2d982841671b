"""Outgoing e-mail: rendered in the request, recorded in the outbox, sent by a worker after commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from hub.models import Job, OutgoingEmail
from hub.queue import send_to_worker

logger = logging.getLogger(__name__)

# Attachments are rendered by the worker when it sends: kind -> function(id) -> (filename, bytes, mime type).
ATTACHMENTS = {"invoice": "hub.billing.documents.invoice_attachment"}


def queue_email(
    message: EmailMessage, *, attachments: list[dict] | None = None, job: Job | None = None
) -> OutgoingEmail:
    """Record the message; a worker sends it once the current transaction commits."""
    html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
    email = OutgoingEmail.objects.create(
        subject=message.subject,
        body=message.body,
        html=html,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        attachments=attachments or [],
        job=job,
    )
    transaction.on_commit(lambda: send_to_worker("hub.tasks.send_email", email.pk))
    return email


def send_outgoing(email_id: int) -> bool:
    """Send one recorded e-mail if nobody else is; True once it has gone. Safe to call twice."""
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(
        status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body, from_email=email.from_email, to=email.to
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        for spec in email.attachments:
            filename, content, mime = import_string(ATTACHMENTS[spec["kind"]])(spec["id"])
            message.attach(filename, content, mime)
        message.send()
    except Exception as error:
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.PENDING, last_error=str(error)[:500], updated_at=timezone.now()
        )
        raise
    # The body can hold a one-time link: once sent, keep only who it went to and why.
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), body="", html="", updated_at=timezone.now()
    )
    return True


def give_up(email_id: int, reason: str) -> None:
    OutgoingEmail.objects.filter(pk=email_id).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.FAILED, last_error=reason[:500], updated_at=timezone.now()
    )
