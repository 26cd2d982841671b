"""Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

import datetime
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from hub import jobs, mail
from hub.models import OutgoingEmail
from hub.queue import send_to_worker

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
MAIL_RETRIES = 8


@shared_task(bind=True, max_retries=MAIL_RETRIES, soft_time_limit=120, time_limit=150)
def send_email(self, email_id: int) -> None:
    """Send one e-mail from the outbox; retried with backoff while the mail server is unreachable."""
    try:
        mail.send_outgoing(email_id)
    except TRANSIENT as error:
        if self.request.retries >= MAIL_RETRIES:
            mail.give_up(email_id, str(error))
            return
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 1800)) from error


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=10,
    max_retries=5,
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 60,
)
def run_job(job_id: int) -> None:
    """Carry out a recorded batch job (an invoice run, an import...)."""
    jobs.execute(job_id)


@shared_task(soft_time_limit=120, time_limit=150)
def sweep() -> dict:
    """Every minute: restart jobs and e-mails that never reached a worker or whose worker died."""
    result = jobs.sweep()
    quiet = timezone.now() - datetime.timedelta(minutes=1)
    stuck = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, updated_at__lt=timezone.now() - datetime.timedelta(minutes=10)
    )
    stuck.update(status=OutgoingEmail.Status.PENDING)
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, updated_at__lt=quiet)
    result["emails"] = sum(
        send_to_worker("hub.tasks.send_email", pk) for pk in waiting.values_list("pk", flat=True)
    )
    return result
