"""E-mails to the families of an ensemble's members: what a leader (or the hub admin) wrote, to whom, and
when a worker handed it to the outbox; the ensemble's page lists them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

SUBJECT_LENGTH = 150
BODY_LENGTH = 5000


class EnsembleMessage(models.Model):
    """One message to the parents and carers of an ensemble's current members, or of one section's. Each of
    them gets one e-mail, however many of their children play."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The confirmation page's own id, kept so that a second click on its button sends nothing more.
    request_id = models.UUIDField(unique=True, editable=False)
    ensemble = models.ForeignKey("ensembles.Ensemble", on_delete=models.PROTECT, related_name="messages")
    # None: the whole ensemble. A section removed later leaves `to_name` to say who it went to.
    section = models.ForeignKey(
        "ensembles.EnsembleSection", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    to_name = models.CharField("sent to", max_length=200)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=SUBJECT_LENGTH)
    body = models.TextField(max_length=BODY_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many parents and carers it was (or, until it is sent, is to be) e-mailed to.
    recipient_count = models.PositiveIntegerField(default=0)
    # When a worker handed its e-mails to the outbox; None while it waits for one.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject="") & ~Q(body=""),
                name="ensemble_message_has_subject_and_body",
                violation_error_message="A message needs a subject and a message.",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="ensemble_message_unsent")]

    def __str__(self):
        return f"{self.subject} ({self.to_name})"
