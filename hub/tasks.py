from smtplib import SMTPException

from celery import shared_task

from hub.mail import deliver


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=8,
    soft_time_limit=60,
    time_limit=90,
)
def send_email(payload: dict) -> None:
    """Send one rendered e-mail; retried with backoff while the mail server is unreachable."""
    deliver(payload)
