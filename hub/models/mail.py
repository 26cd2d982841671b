import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models


class OutgoingEmail(models.Model):
    """An e-mail written in a transaction and sent by a worker after it commits.

    Recorded first so that nothing is lost when Redis or the mail server is down: beat sweeps up what is
    still waiting. The body is cleared once sent, because it can hold a one-time link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=300, blank=True)
    to = ArrayField(models.EmailField())
    # [{"kind": "invoice", "id": 17}]: rendered by the worker when it sends (see hub.outbox.ATTACHMENTS).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # After a transient failure: not before then (the sweep honours the worker's backoff).
    retry_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "hub.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"]), models.Index(fields=["job", "status"])]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)}"
