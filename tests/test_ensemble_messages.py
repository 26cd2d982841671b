"""Messages to an ensemble's families: the form and its errors, the confirmation's count of who it goes to,
one e-mail a parent or carer however many children play, a double click that sends once, the history on the
ensemble's page, and the bulk queue and sweep that carry the sending."""

import datetime
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ensembles.models import EnsembleMessage
from ensembles.selectors.messages import recipients
from ensembles.services import messages as services
from hub.celery import app as celery_app
from hub.models import OutgoingEmail
from tests import factories
from tests.ensemble_factories import EnsembleFactory, MembershipFactory, SectionFactory
from tests.error_pattern import field_error_html
from tests.tuition_factories import academic_year, pin_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def band(ensemble_leader, monkeypatch):
    """Northshire Youth Orchestra, led by the leader, on 1 October 2026: Violins (Pat's two children, and Jo
    whose two carers each get it) and Cellos (Kim, and Lee who has left)."""
    pin_today(monkeypatch, datetime.date(2026, 10, 1))
    academic_year(2026)
    ensemble = EnsembleFactory(name="Northshire Youth Orchestra", leaders=[ensemble_leader])
    violins = SectionFactory(ensemble=ensemble, name="Violins")
    cellos = SectionFactory(ensemble=ensemble, name="Cellos")
    pat = factories.GuardianFactory(user__email="pat@example.org", user__first_name="Pat")
    for name in ("Amira", "Sam"):
        MembershipFactory(section=violins, pupil=factories.PupilFactory(first_name=name, guardians=[pat]))
    carers = [factories.GuardianFactory(user__email=f"carer{n}@example.org") for n in (1, 2)]
    MembershipFactory(section=violins, pupil=factories.PupilFactory(first_name="Jo", guardians=carers))
    kim = factories.GuardianFactory(user__email="kim.parent@example.org")
    MembershipFactory(section=cellos, pupil=factories.PupilFactory(guardians=[kim]))
    left = factories.GuardianFactory(user__email="left@example.org")
    MembershipFactory(
        section=cellos,
        pupil=factories.PupilFactory(guardians=[left]),
        left_on=datetime.date(2026, 9, 20),
        leave_reason="Moved away",
    )
    return {"ensemble": ensemble, "violins": violins, "cellos": cellos}


def _url(ensemble) -> str:
    return reverse("ensembles:message-new", args=[ensemble.slug])


def _post(client, ensemble, section=None, **data):
    fields = {"to": str(section.public_id) if section else "everyone", "subject": "Concert", "body": "Hello."}
    return client.post(_url(ensemble), {**fields, **data})


def test_each_parent_or_carer_of_a_current_member_is_a_recipient_once(band):
    everyone = {guardian.user.email for guardian in recipients(band["ensemble"])}
    assert everyone == {
        "pat@example.org",
        "carer1@example.org",
        "carer2@example.org",
        "kim.parent@example.org",
    }
    assert recipients(band["ensemble"]).count() == 4
    assert {g.user.email for g in recipients(band["ensemble"], band["cellos"])} == {"kim.parent@example.org"}


def test_the_confirmation_says_how_many_families_it_goes_to_before_anything_is_sent(
    client, band, ensemble_leader
):
    client.force_login(ensemble_leader)
    html = _post(client, band["ensemble"], band["violins"]).content.decode()
    assert "Check and send your message" in html
    assert "It goes to <strong>3 parents and carers</strong>: the families of 3 current members" in html
    assert "the Violins section of Northshire Youth Orchestra" in html
    assert not EnsembleMessage.objects.exists()
    html = _post(client, band["ensemble"], band["cellos"]).content.decode()
    assert "<strong>1 parent or carer</strong>: the families of 1 current member of" in html


def test_sending_e_mails_each_parent_or_carer_once_and_records_the_message(
    client, band, ensemble_leader, django_capture_on_commit_callbacks
):
    client.force_login(ensemble_leader)
    request_id = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            band["ensemble"],
            subject="Concert on Saturday",
            body="Black and white, please.",
            send="1",
            request_id=request_id,
        )
    assert response.url == reverse("ensembles:ensemble-detail", args=[band["ensemble"].slug])
    message = EnsembleMessage.objects.get()
    assert (message.ensemble, message.section, message.sender) == (band["ensemble"], None, ensemble_leader)
    assert (message.subject, message.body, message.recipient_count) == (
        "Concert on Saturday",
        "Black and white, please.",
        4,
    )
    assert message.sent_at is not None and message.to_name == "Northshire Youth Orchestra"
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _ in sent] == [
        "carer1@example.org",
        "carer2@example.org",
        "kim.parent@example.org",
        "pat@example.org",
    ]
    assert all(subject.endswith("Northshire Youth Orchestra: Concert on Saturday") for _, subject in sent)
    assert all(subject.startswith("[") for _, subject in sent)  # the hub's name
    pats = next(m for m in mail.outbox if m.to == ["pat@example.org"])
    assert "Black and white, please." in pats.body and "Dear Pat" in pats.body
    page = client.get(response.url).content.decode()
    assert "is on its way to 4 parents and carers" in page


def test_a_double_click_on_send_sends_once(client, band, ensemble_leader, django_capture_on_commit_callbacks):
    client.force_login(ensemble_leader)
    request_id = str(uuid.uuid4())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(client, band["ensemble"], band["cellos"], send="1", request_id=request_id)
        assert response.status_code == 302
    assert EnsembleMessage.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["kim.parent@example.org"]]
    assert OutgoingEmail.objects.count() == 1


def test_a_confirmation_used_for_another_ensemble_sends_nothing(
    client, band, ensemble_leader, django_capture_on_commit_callbacks
):
    mine = EnsembleFactory(leaders=[ensemble_leader])
    MembershipFactory(section=SectionFactory(ensemble=mine))
    request_id = str(uuid.uuid4())
    client.force_login(ensemble_leader)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, mine, send="1", request_id=request_id)
        html = _post(client, band["ensemble"], send="1", request_id=request_id).content.decode()
    assert "This confirmation has been used for another message: write yours again." in html
    assert EnsembleMessage.objects.get().ensemble == mine and len(mail.outbox) == 1


def test_a_subject_and_message_are_required_with_the_reason_next_to_each(client, band, ensemble_leader):
    client.force_login(ensemble_leader)
    html = _post(client, band["ensemble"], subject="  ", body="", send="1", request_id=str(uuid.uuid4()))
    html = html.content.decode()
    assert "<title>Error:" in html
    assert field_error_html("id_subject", "Enter a subject.") in html
    assert field_error_html("id_body", "Enter the message.") in html
    assert not EnsembleMessage.objects.exists() and not mail.outbox


def test_a_subject_or_message_too_long_is_refused(client, band, ensemble_leader):
    client.force_login(ensemble_leader)
    html = _post(client, band["ensemble"], subject="x" * 151, body="y" * 5001).content.decode()
    assert field_error_html("id_subject", "The subject must be 150 characters or fewer.") in html
    assert field_error_html("id_body", "The message must be 5,000 characters or fewer.") in html
    assert not EnsembleMessage.objects.exists()


def test_another_ensembles_section_cannot_be_chosen(client, band, ensemble_leader):
    client.force_login(ensemble_leader)
    elsewhere = SectionFactory()
    html = _post(client, band["ensemble"], elsewhere, send="1", request_id=str(uuid.uuid4())).content.decode()
    assert "Choose who to send it to." in html
    assert not EnsembleMessage.objects.exists()


def test_a_section_with_nobody_to_e_mail_is_refused_at_the_choice(client, band, ensemble_leader):
    empty = SectionFactory(ensemble=band["ensemble"], name="Harps")
    client.force_login(ensemble_leader)
    html = _post(client, band["ensemble"], empty).content.decode()
    assert "has an e-mail address, so there is nobody to send it to." in html
    assert 'id="id_to_error"' in html
    assert not EnsembleMessage.objects.exists()


def test_the_hub_admin_may_message_any_ensemble(client, band, hub_admin, django_capture_on_commit_callbacks):
    client.force_login(hub_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, band["ensemble"], band["cellos"], send="1", request_id=str(uuid.uuid4()))
    assert EnsembleMessage.objects.get().sender == hub_admin and len(mail.outbox) == 1


def test_changing_the_message_goes_back_to_the_form_with_what_was_written(client, band, ensemble_leader):
    client.force_login(ensemble_leader)
    html = _post(client, band["ensemble"], subject="Concert", edit="1").content.decode()
    assert "Message the families of Northshire Youth Orchestra" in html and 'value="Concert"' in html
    assert not EnsembleMessage.objects.exists()


def test_the_history_lists_the_messages_newest_first_in_a_fixed_number_of_queries(
    client, band, ensemble_leader, hub_admin, django_assert_num_queries
):
    for n, sender in enumerate([ensemble_leader, hub_admin, ensemble_leader]):
        services.send_message(
            ensemble=band["ensemble"],
            section=band["violins"] if n else None,
            subject=f"Notice {n}",
            body="Text",
            by=sender,
            request_id=uuid.uuid4(),
        )
    client.force_login(ensemble_leader)
    url = reverse("ensembles:ensemble-detail", args=[band["ensemble"].slug])
    client.get(url)
    # The page as test_ensemble_attendance pins it: one query for a page of messages, however many.
    with django_assert_num_queries(11):
        html = client.get(url).content.decode()
    history = html.split('id="messages-heading"', 1)[1]
    assert history.index("Notice 2") < history.index("Notice 1") < history.index("Notice 0")
    assert "Violins, Northshire Youth Orchestra" in history
    detail = EnsembleMessage.objects.get(subject="Notice 0")
    page = client.get(reverse("ensembles:message-detail", args=[detail.public_id])).content.decode()
    assert "Notice 0" in page and "Text" in page


def _recorded(band, by) -> EnsembleMessage:
    """A message recorded whose task never ran (Redis was down, say)."""
    message, _ = services.send_message(
        ensemble=band["ensemble"], section=None, subject="Notice", body="Text", by=by, request_id=uuid.uuid4()
    )
    return message


def test_delivering_twice_writes_the_e_mails_once(band, ensemble_leader):
    message = _recorded(band, ensemble_leader)
    assert services.deliver(message.pk) == 4
    assert services.deliver(message.pk) is None
    assert OutgoingEmail.objects.count() == 4


def test_sending_goes_to_the_bulk_queue():
    route = celery_app.amqp.router.route({}, services.DELIVER_TASK, (), {})
    assert route["queue"].name == "bulk"


def test_the_sweep_queues_again_a_message_no_worker_sent(band, ensemble_leader, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "send_to_worker", lambda task, *args: queued.append((task, *args)))
    message = _recorded(band, ensemble_leader)
    assert services.sweep() == 0  # just recorded: its own task's
    EnsembleMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert services.sweep() == 1
    assert queued == [(services.DELIVER_TASK, message.pk)]
    services.deliver(message.pk)
    assert services.sweep() == 0  # sent
