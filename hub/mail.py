"""Writing e-mail: one helper renders a templated e-mail that names the hub and records it in the outbox.

An e-mail is three templates side by side (allauth's naming, so that its e-mails go the same way):
`<prefix>_subject.txt`, `<prefix>_message.txt` and, where there is one, `<prefix>_message.html`. They are
written outside any request (a worker, a job), so links start with SITE_URL, never with a request's host.
A worker sends what is recorded once the transaction commits (hub/outbox.py).
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template

from hub.models import Job, OutgoingEmail
from hub.queue import send_to_worker


def site_url(path: str) -> str:
    """An absolute link to a page of the portal, for an e-mail."""
    return f"{settings.SITE_URL}{path}"


def salutation(people: Iterable) -> str:
    """'Dear Jo Bloggs,' or 'Dear Jo Bloggs and Sam Lee,'; 'Hello,' when nobody has a name."""
    names = list(dict.fromkeys(name for person in people if (name := person.get_full_name().strip())))
    if not names:
        return "Hello,"
    return "Dear " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}") + ","


def _render(template_name: str, context: dict, *, html: bool) -> str:
    # Plain text is not HTML: "St Mary's" must not arrive as "St Mary&#x27;s".
    return get_template(template_name).template.render(Context(context, autoescape=html))


def _has_template(template_name: str) -> bool:
    try:
        get_template(template_name)
    except TemplateDoesNotExist:
        return False
    return True


def render_email(template_prefix: str, context: dict, *, to: list[str]) -> EmailMultiAlternatives:
    """The e-mail the templates write, with the hub's name, address and SITE_URL in their context."""
    context = {
        "hub_name": settings.HUB_NAME,
        "hub_email": settings.HUB_EMAIL,
        "site_url": settings.SITE_URL,
        **context,
    }
    # One line, whatever a name in it holds: a newline in a header can never be sent.
    subject = " ".join(_render(f"{template_prefix}_subject.txt", context, html=False).split())
    message = EmailMultiAlternatives(
        subject=f"[{settings.HUB_NAME}] {subject}",
        body=_render(f"{template_prefix}_message.txt", context, html=False).strip() + "\n",
        to=to,
    )
    if _has_template(f"{template_prefix}_message.html"):
        message.attach_alternative(
            _render(f"{template_prefix}_message.html", context, html=True), "text/html"
        )
    return message


def send_templated(
    template_prefix: str,
    context: dict,
    *,
    to: list[str],
    attachments: list[dict] | None = None,
    job: Job | None = None,
) -> OutgoingEmail | None:
    """Render an e-mail from its templates and queue it in the outbox; None when nobody is to get it."""
    if not to:
        return None
    return queue_email(render_email(template_prefix, context, to=to), attachments=attachments, job=job)


def queue_email(
    message: EmailMessage, *, attachments: list[dict] | None = None, job: Job | None = None
) -> OutgoingEmail:
    """Record the message; a worker sends it once the current transaction commits."""
    email = _outgoing(message, attachments=attachments, job=job)
    email.save()
    transaction.on_commit(lambda: send_to_worker("hub.tasks.send_email", email.pk))
    return email


def queue_emails(messages: Sequence[EmailMessage], *, job: Job | None = None) -> list[OutgoingEmail]:
    """Record many messages in one insert; once committed, one worker task sends them over one connection."""
    emails = OutgoingEmail.objects.bulk_create(_outgoing(message, job=job) for message in messages)
    ids = [email.pk for email in emails]
    if ids:
        transaction.on_commit(lambda: send_to_worker("hub.tasks.send_emails", ids))
    return emails


def _outgoing(
    message: EmailMessage, *, attachments: list[dict] | None = None, job: Job | None
) -> OutgoingEmail:
    html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
    return OutgoingEmail(
        subject=message.subject,
        body=message.body,
        html=html,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        attachments=attachments or [],
        job=job,
    )
