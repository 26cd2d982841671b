"""Sending the outbox: one e-mail at a time; a permanent error fails it at once, a transient one is retried.

An e-mail that can never be sent (a newline in a header, an address the server refuses) is marked failed at
its first try and shown to the hub admin, who can send it again. A transient fault (the mail server away) is
retried with a growing wait, up to MAX_ATTEMPTS, then failed too. Beat's sweep sends what a worker never got
and takes back an e-mail left "sending" by a worker that died.
"""

import datetime
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from hub.audit import record_change
from hub.models import AuditEvent, OutgoingEmail, User
from hub.queue import send_to_worker

logger = logging.getLogger(__name__)

# Attachments are rendered by the worker when it sends: kind -> function(id) -> (filename, bytes, mime type).
ATTACHMENTS = {"invoice": "hub.billing.documents.invoice_attachment"}
MAX_ATTEMPTS = 10  # with the backoff below, about two hours of a mail server being away
# Longer than hub.tasks.send_email's hard time limit: an e-mail "sending" for longer has lost its worker.
STALE_SENDING = datetime.timedelta(seconds=90)
# A freshly queued e-mail is the worker's; the sweep leaves it alone for this long.
QUIET = datetime.timedelta(minutes=1)
Status = OutgoingEmail.Status


class SendLater(Exception):
    """A transient failure: the e-mail waits `countdown` seconds and is tried again."""

    def __init__(self, countdown: int):
        super().__init__(f"Try again in {countdown} s")
        self.countdown = countdown


def is_permanent(error: Exception) -> bool:
    """True for errors no retry can cure: a header that cannot be written, an address refused for good."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):  # sender refused, data refused: 5xx is final
        return error.smtp_code >= 500
    # BadHeaderError and a malformed address are ValueErrors; an unknown attachment kind a KeyError.
    return isinstance(error, ValueError | TypeError | LookupError)


def backoff(attempts: int) -> int:
    """Seconds to wait after the nth failed attempt: 30 s, 1 min, 2 min... at most 30 min."""
    return min(30 * 2 ** max(attempts - 1, 0), 1800)


def send_outgoing(email_id: int, *, connection: BaseEmailBackend | None = None) -> bool:
    """Send one recorded e-mail if nobody else is; True once it has gone. Safe to call twice.

    Raises SendLater after a transient failure that still has attempts left.
    """
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=Status.PENDING).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message(email, connection).send()
    except Exception as error:
        _record_failure(email, error)
        return False
    # The body can hold a one-time link: once sent, keep only who it went to and why.
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=Status.SENT, sent_at=timezone.now(), body="", html="", last_error="", updated_at=timezone.now()
    )
    return True


def send_many(email_ids: list[int]) -> int:
    """Send recorded e-mails one after another over one connection to the mail server (a run's bills, a
    hundred at a time); how many went. Each is claimed and recorded as send_outgoing does it, so each is
    sent once; one that fails for now waits for beat's sweep to try it again."""
    sent = 0
    with get_connection() as connection:
        for email_id in email_ids:
            try:
                sent += send_outgoing(email_id, connection=connection)
            except SendLater:
                continue
    return sent


def _message(email: OutgoingEmail, connection: BaseEmailBackend | None = None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        connection=connection,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for spec in email.attachments:
        filename, content, mime = import_string(ATTACHMENTS[spec["kind"]])(spec["id"])
        message.attach(filename, content, mime)
    return message


def _record_failure(email: OutgoingEmail, error: Exception) -> None:
    reason = (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)[:500]
    now = timezone.now()
    if is_permanent(error) or email.attempts >= MAX_ATTEMPTS:
        logger.warning("E-mail %s to %s could not be sent: %s", email.pk, email.to, reason)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=Status.FAILED, last_error=reason, updated_at=now
        )
        return
    countdown = backoff(email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=Status.PENDING,
        last_error=reason,
        retry_at=now + datetime.timedelta(seconds=countdown),
        updated_at=now,
    )
    raise SendLater(countdown) from error


def sweep() -> int:
    """Take back e-mails whose worker died while sending, and queue every e-mail that is due; how many."""
    now = timezone.now()
    stale = OutgoingEmail.objects.filter(status=Status.SENDING, updated_at__lt=now - STALE_SENDING)
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="The worker stopped each time it was sending this e-mail."
    )
    # updated_at is left as it was, so the e-mail is queued again below, in this same sweep.
    stale.update(status=Status.PENDING, retry_at=None)
    due = OutgoingEmail.objects.filter(status=Status.PENDING, updated_at__lt=now - QUIET).filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    return sum(send_to_worker("hub.tasks.send_email", pk) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def retry_failed_email(*, email: OutgoingEmail, by: User) -> OutgoingEmail:
    """Send a failed e-mail again (its address or the mail server put right), with fresh attempts."""
    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != Status.FAILED:
        return email
    email.status, email.attempts, email.retry_at = Status.PENDING, 0, None
    email.save(update_fields=["status", "attempts", "retry_at", "updated_at"])
    record_change(
        actor=by,
        instance=email,
        action=AuditEvent.Action.UPDATED,
        before={"status": Status.FAILED.value},
        after={"status": "sent again"},
    )
    transaction.on_commit(lambda: send_to_worker("hub.tasks.send_email", email.pk))
    return email
