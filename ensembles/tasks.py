"""The ensembles app's Celery tasks: load by id, call a service, retry on transient faults. Nothing else."""

from celery import shared_task
from django.db import OperationalError

from ensembles.services import messages


@shared_task(
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=10,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def deliver_message(message_id: int) -> int | None:
    """Write a message's e-mails into the outbox (on the "bulk" queue); the "mail" queue sends them."""
    return messages.deliver(message_id)


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_messages() -> int:
    """Every minute: queue again the messages that never reached a worker."""
    return messages.sweep()
