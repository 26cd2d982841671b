"""Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task

from hub import jobs, outbox


# The hard limit stays below outbox.STALE_SENDING, so an e-mail "sending" for longer has lost its worker.
@shared_task(bind=True, max_retries=outbox.MAX_ATTEMPTS, soft_time_limit=60, time_limit=75)
def send_email(self, email_id: int) -> None:
    """Send one e-mail from the outbox (on the "mail" queue); retried with backoff on a transient fault."""
    try:
        outbox.send_outgoing(email_id)
    except outbox.SendLater as later:
        raise self.retry(countdown=later.countdown) from later


# Each e-mail is claimed as it is sent, so one that outlives the limit is only that one, swept later.
@shared_task(soft_time_limit=60, time_limit=75)
def send_emails(email_ids: list[int]) -> int:
    """Send a batch of e-mails from the outbox over one connection (a run's bills, on the "mail" queue)."""
    return outbox.send_many(email_ids)


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
    result["emails"] = outbox.sweep()
    return result
