"""The schools app's Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task

from schools import agreement
from schools.services import remissions


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=5, soft_time_limit=120, time_limit=150)
def render_agreement_pdf(subscription_id: int) -> None:
    """Draw a submitted or approved order's agreement and keep it; nothing to do when it is kept already."""
    agreement.store_agreement_pdf(subscription_id=subscription_id)


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_agreement_pdfs() -> int:
    """Every minute: queue again the agreements that no worker has stored."""
    return agreement.queue_missing_pdfs()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=300, time_limit=360)
def remind_to_reapply() -> int:
    """Daily: remind families whose remission ends with the academic year to apply for the next, once."""
    return remissions.remind_to_reapply()
