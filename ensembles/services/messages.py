"""Messages to the families of an ensemble's members: recorded when a leader (or the hub admin) confirms one,
then a worker on the bulk queue writes each parent or carer's e-mail into the outbox (hub/mail.py), which the
mail queue sends. A second click on the confirmation's button sends nothing more; a message whose task never
reached a worker (Redis down) is picked up by beat's sweep."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ensembles.errors import EnsemblesError
from ensembles.models import Ensemble, EnsembleMessage, EnsembleSection
from ensembles.selectors.messages import audience, recipients
from hub.mail import queue_emails, render_email, salutation, site_url
from hub.models import User
from hub.queue import send_to_worker

DELIVER_TASK = "ensembles.tasks.deliver_message"
# A message just recorded is its task's; the sweep leaves it alone for this long.
QUIET = datetime.timedelta(minutes=1)


def to_name(ensemble: Ensemble, section: EnsembleSection | None) -> str:
    """Who a message goes to, as the history and the e-mail name them: "Violins, Northshire Orchestra"."""
    return f"{section.name}, {ensemble.name}" if section is not None else ensemble.name


def check_audience(ensemble: Ensemble, section: EnsembleSection | None) -> tuple[int, int]:
    """(members, parents and carers to e-mail) of the ensemble or section; refused when nobody would get
    it."""
    if section is not None and section.ensemble_id != ensemble.pk:
        raise EnsemblesError("Choose a section of this ensemble.", field="to")
    members, families = audience(ensemble, section)
    if families == 0:
        raise EnsemblesError(
            f"No parent or carer of a current member of {to_name(ensemble, section)} has an e-mail address, "
            "so there is nobody to send it to.",
            field="to",
        )
    return members, families


def send_message(
    *,
    ensemble: Ensemble,
    section: EnsembleSection | None,
    subject: str,
    body: str,
    by: User,
    request_id: uuid.UUID,
) -> tuple[EnsembleMessage, bool]:
    """Record the message and queue its sending once committed; (the message, whether it is new). The same
    `request_id` again (a double click) answers the message already recorded and sends nothing more."""
    sent = _already_sent(request_id, ensemble)
    if sent is not None:
        return sent, False
    _, count = check_audience(ensemble, section)
    try:
        with transaction.atomic():
            message = EnsembleMessage.objects.create(
                request_id=request_id,
                ensemble=ensemble,
                section=section,
                to_name=to_name(ensemble, section),
                sender=by,
                subject=subject,
                body=body,
                recipient_count=count,
            )
    except IntegrityError:
        # Two clicks at once: the other request recorded it first (its row is committed once we get here).
        sent = _already_sent(request_id, ensemble)
        if sent is None:
            raise
        return sent, False
    transaction.on_commit(lambda: send_to_worker(DELIVER_TASK, message.pk))
    return message, True


def _already_sent(request_id: uuid.UUID, ensemble: Ensemble) -> EnsembleMessage | None:
    """The message this confirmation sent already, if it did; a confirmation is for one ensemble only."""
    sent = EnsembleMessage.objects.filter(request_id=request_id).first()
    if sent is not None and sent.ensemble_id != ensemble.pk:
        raise EnsemblesError("This confirmation has been used for another message: write yours again.")
    return sent


@transaction.atomic
def deliver(message_id: int) -> int | None:
    """Write the message's e-mails into the outbox, one for each parent or carer, and mark it sent; how many,
    or None when it was sent already (or another worker is sending it). Safe to run twice."""
    message = (
        EnsembleMessage.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("ensemble", "section", "sender")
        .filter(pk=message_id, sent_at__isnull=True)
        .first()
    )
    if message is None:
        return None
    link = site_url(reverse("ensembles:public-detail", args=[message.ensemble.slug]))
    sender_name = message.sender.get_full_name() or f"The leader of {message.ensemble.name}"
    emails = [
        render_email(
            "ensembles/email/message",
            {
                "message": message,
                "greeting": salutation([guardian.user]),
                "sender_name": sender_name,
                "link": link,
            },
            to=[guardian.user.email],
        )
        for guardian in recipients(message.ensemble, message.section)
    ]
    queue_emails(emails)
    message.sent_at, message.recipient_count = timezone.now(), len(emails)
    message.save(update_fields=["sent_at", "recipient_count"])
    return len(emails)


def waiting(*, older_than: datetime.timedelta = QUIET) -> QuerySet[EnsembleMessage]:
    """Messages recorded a while ago that no worker has sent yet."""
    return EnsembleMessage.objects.filter(sent_at__isnull=True, created_at__lt=timezone.now() - older_than)


def sweep(*, older_than: datetime.timedelta = QUIET) -> int:
    """Queue again the messages whose task never reached a worker, or whose worker died; how many."""
    ids = list(waiting(older_than=older_than).values_list("pk", flat=True))
    for message_id in ids:
        send_to_worker(DELIVER_TASK, message_id)
    return len(ids)
