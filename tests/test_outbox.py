"""The outbox: an e-mail that can never be sent fails at once and is shown to the hub admin; a transient fault
is retried with a growing wait and a limit; an e-mail left "sending" by a dead worker goes within minutes."""

import datetime
import smtplib

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from hub import outbox
from hub.mail import queue_email
from hub.models import AuditEvent, OutgoingEmail
from schools.services import orders as order_services
from tests import factories
from tests.sla_factories import make_catalogue, make_order

RAISES = {"error": None}


class FailingBackend(LocmemBackend):
    """Raises whatever the test puts in RAISES, as an SMTP server (or the message itself) would."""

    def send_messages(self, messages):
        for message in messages:
            message.message()
        if RAISES["error"] is not None:
            raise RAISES["error"]
        return super().send_messages(messages)


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.FailingBackend"
    yield RAISES
    RAISES["error"] = None


def _queue(subject="Your SLA order", to=("jo@hillside.example.org",)) -> OutgoingEmail:
    return queue_email(EmailMessage(subject=subject, body="Dear Jo Bloggs,", to=list(to)))


def _status(email) -> OutgoingEmail:
    email.refresh_from_db()
    return email


def test_an_email_with_a_newline_in_a_header_is_failed_at_once_and_never_queued_again(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue(subject="SLA order submitted: Hillside\nPrimary School")
    email = _status(email)
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == 1
    assert email.last_error.startswith("BadHeaderError")
    OutgoingEmail.objects.filter(pk=email.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    assert outbox.sweep() == 0
    assert _status(email).status == OutgoingEmail.Status.FAILED and not mailoutbox


def test_a_school_name_with_a_newline_still_gets_its_order_email_on_one_subject_line(
    finance, mailoutbox, django_capture_on_commit_callbacks
):
    school = factories.SchoolFactory(name="Hillside\nPrimary School")
    factories.SchoolContactFactory(school=school, user__email="jo@hillside.example.org")
    order = make_order(school=school, standard=make_catalogue(), status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        order_services.approve_order(subscription=order, by=finance)
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert "\n" not in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"jo@hillside.example.org": (550, b"No such user")}), True),
        (smtplib.SMTPRecipientsRefused({"jo@hillside.example.org": (450, b"Mailbox busy")}), False),
        (smtplib.SMTPSenderRefused(553, b"Sender not allowed", "office@music-hub.example"), True),
        (smtplib.SMTPDataError(554, b"Message rejected"), True),
        (smtplib.SMTPDataError(451, b"Try again later"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (ValueError("Invalid address"), True),
    ],
)
def test_permanent_errors_fail_the_email_at_once_and_transient_ones_wait_to_be_tried_again(
    db, failing, error, permanent
):
    email = _queue()
    failing["error"] = error
    if permanent:
        assert outbox.send_outgoing(email.pk) is False
        assert _status(email).status == OutgoingEmail.Status.FAILED
        return
    with pytest.raises(outbox.SendLater) as later:
        outbox.send_outgoing(email.pk)
    email = _status(email)
    assert email.status == OutgoingEmail.Status.PENDING and later.value.countdown == 30
    assert email.retry_at > timezone.now() + datetime.timedelta(seconds=25)
    assert type(error).__name__ in email.last_error


def test_the_sweep_waits_for_a_transient_failures_retry_time_then_sends_it(
    db, failing, mailoutbox, django_capture_on_commit_callbacks
):
    email = _queue()
    failing["error"] = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with pytest.raises(outbox.SendLater):
        outbox.send_outgoing(email.pk)
    failing["error"] = None
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    OutgoingEmail.objects.filter(pk=email.pk).update(updated_at=long_ago)
    assert outbox.sweep() == 0, "queued again before its retry time"
    OutgoingEmail.objects.filter(pk=email.pk).update(retry_at=timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.sweep() == 1
    assert _status(email).status == OutgoingEmail.Status.SENT and len(mailoutbox) == 1


def test_a_transient_failure_on_the_last_attempt_fails_the_email(db, failing):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    failing["error"] = ConnectionRefusedError(111, "Connection refused")
    assert outbox.send_outgoing(email.pk) is False
    email = _status(email)
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == outbox.MAX_ATTEMPTS


def test_the_backoff_grows_to_half_an_hour():
    assert [outbox.backoff(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1800, 1800]


def test_an_email_left_sending_by_a_killed_worker_is_sent_within_two_minutes(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    stuck, busy = _queue(), _queue(to=["sam@riverside.example.org"])
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        status="sending", attempts=1, updated_at=now - datetime.timedelta(seconds=100)
    )
    OutgoingEmail.objects.filter(pk=busy.pk).update(
        status="sending", attempts=1, updated_at=now - datetime.timedelta(seconds=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.sweep() == 1
    assert _status(stuck).status == OutgoingEmail.Status.SENT
    assert _status(busy).status == OutgoingEmail.Status.SENDING, "a worker may still be sending it"
    assert [m.to for m in mailoutbox] == [["jo@hillside.example.org"]]


def test_an_email_whose_worker_dies_every_time_is_failed_in_the_end(db):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="sending",
        attempts=outbox.MAX_ATTEMPTS,
        updated_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert outbox.sweep() == 0
    assert _status(email).status == OutgoingEmail.Status.FAILED


def test_the_hub_admin_sees_failed_emails_and_sends_one_again(
    client, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    email = _queue(subject="[Northshire Music Hub] Invoice SLA-2027-00001")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="failed",
        attempts=1,
        last_error="SMTPRecipientsRefused: {'jo@hillside.example.org': (550, ...)}",
    )
    client.force_login(hub_admin)
    home = client.get(reverse("hub:staff-home")).content.decode()
    assert reverse("hub:failed-emails") in home
    page = client.get(reverse("hub:failed-emails")).content.decode()
    assert "jo@hillside.example.org" in page and "Invoice SLA-2027-00001" in page
    assert "SMTPRecipientsRefused" in page and "Send again" in page

    url = reverse("hub:failed-email-retry", kwargs={"public_id": email.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "queued to be sent again" in response.content.decode()
    assert _status(email).status == OutgoingEmail.Status.SENT and len(mailoutbox) == 1
    assert AuditEvent.objects.filter(object_id=str(email.pk), actor=hub_admin).exists()
    # Once sent, it is no longer there to retry.
    assert client.post(url).status_code == 404


def test_the_failed_emails_page_reads_a_fixed_number_of_queries(
    client, hub_admin, django_assert_max_num_queries
):
    for n in range(30):
        _queue(to=[f"bursar{n}@school.example.org"])
    OutgoingEmail.objects.update(status="failed", last_error="SMTPRecipientsRefused")
    client.force_login(hub_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hub:failed-emails"))
    assert response.content.decode().count("Send again<") == 30
