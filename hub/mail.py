"""Outgoing e-mail: rendered in the request, sent by a Celery worker after the transaction commits."""

import logging

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def message_payload(message: EmailMessage) -> dict:
    """A rendered message as plain JSON for the task queue."""
    html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), None)
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
    }


def deliver(payload: dict) -> None:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email"),
        to=payload["to"],
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    message.send()


def queue_email(message: EmailMessage) -> None:
    """Send once the current transaction commits; if the broker is unreachable, send from here instead."""
    payload = message_payload(message)

    def enqueue():
        from hub.tasks import send_email

        try:
            send_email.delay(payload)
        except OperationalError:
            # An invitation or a verification link must not be lost because Redis is down.
            logger.warning("Broker unreachable; sending e-mail to %s directly", payload["to"])
            deliver(payload)

    transaction.on_commit(enqueue)
