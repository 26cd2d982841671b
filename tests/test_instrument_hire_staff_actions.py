"""The store's staff actions on requests and hires: declining a waiting request (the family e-mailed the
reason), cancelling an allocation before the instrument goes out (under row locks, two at once on the real
database), and returning a whole class set at once (all or none). Services and pages, with each refusal
clear and nothing half-saved."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hub.models import AuditEvent
from instruments.errors import InstrumentsError
from instruments.models import HireRequest
from instruments.services import requests
from tests.error_pattern import field_error_html
from tests.hire_desk_factories import HireRequestFactory, allocated

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"
TODAY = timezone.localdate
QUEUE = reverse("instruments:request-queue")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.HUB_NAME = "Northshire Music Hub"


def audited(instance, action=None) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
    return list(events.filter(action=action) if action else events)


# --- Declining a waiting request -------------------------------------------------------------------------


def test_declining_closes_the_request_and_emails_the_family_the_reason(
    child, guardian, store, mailoutbox, django_capture_on_commit_callbacks
):
    guardian.user.last_name = "O'Neill"
    guardian.user.save()
    hire_request = HireRequestFactory(pupil=child)
    with django_capture_on_commit_callbacks(execute=True):
        declined = requests.decline_request(
            hire_request=hire_request,
            reason="  We lend violins only to pupils who learn with us.  ",
            by=store,
        )
    assert declined.status == HireRequest.Status.DECLINED and declined.closed_at
    assert declined.decline_reason == "We lend violins only to pupils who learn with us."
    [mail] = mailoutbox
    assert mail.to == ["parent@example.org"]
    assert mail.subject == "[Northshire Music Hub] Your request to hire a 3/4 violin for Amira"
    assert "Dear Pat O'Neill," in mail.body and "Northshire Music Hub cannot lend Amira" in mail.body
    assert "Why: We lend violins only to pupils who learn with us." in mail.body
    assert f"{SITE}/family/instruments/" in mail.body
    for broken in ("&#x27;", "&amp;", "None"):
        assert broken not in mail.body
    [event] = audited(hire_request, AuditEvent.Action.UPDATED)
    assert event.actor == store


def test_a_request_no_longer_waiting_cannot_be_declined_and_nobody_is_emailed(
    child, store, year, mailoutbox, django_capture_on_commit_callbacks
):
    hire_request = HireRequestFactory(pupil=child)
    with django_capture_on_commit_callbacks(execute=True):
        requests.decline_request(hire_request=hire_request, reason="No stock this year.", by=store)
        with pytest.raises(
            InstrumentsError, match=r"^This request is no longer waiting: declined by the hub\.$"
        ):
            requests.decline_request(hire_request=hire_request, reason="Twice", by=store)
    assert HireRequest.objects.get(pk=hire_request.pk).decline_reason == "No stock this year."
    taken = allocated(child).request
    with pytest.raises(InstrumentsError, match="no longer waiting: instrument allocated"):
        requests.decline_request(hire_request=taken, reason="Too late", by=store)
    assert len(mailoutbox) == 1


def test_a_request_is_not_declined_without_a_reason(child, store, mailoutbox):
    hire_request = HireRequestFactory(pupil=child)
    with pytest.raises(InstrumentsError, match="Say why the request is declined") as refused:
        requests.decline_request(hire_request=hire_request, reason="   ", by=store)
    assert refused.value.field == "reason"
    assert HireRequest.objects.get(pk=hire_request.pk).status == HireRequest.Status.WAITING
    assert not mailoutbox


def _decline_url(hire_request) -> str:
    return reverse("instruments:request-decline", kwargs={"public_id": hire_request.public_id})


def test_staff_decline_from_the_allocate_page_and_the_family_sees_why(
    client, store, guardian, child, year, mailoutbox, django_capture_on_commit_callbacks
):
    hire_request = HireRequestFactory(pupil=child)
    client.force_login(store)
    page = client.get(reverse("instruments:request-allocate", kwargs={"public_id": hire_request.public_id}))
    assert f'href="{_decline_url(hire_request)}"' in page.content.decode()
    html = client.get(_decline_url(hire_request)).content.decode()
    assert "Decline the request for Amira" in html and "Why the request is declined" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decline_url(hire_request), {"reason": "No 3/4 violins until spring."}, follow=True
        )
    assert response.redirect_chain[-1][0] == QUEUE
    assert (
        f"The request for {child.full_name} is declined; the family has been e-mailed"
        in response.content.decode()
    )
    assert len(mailoutbox) == 1
    again = client.post(_decline_url(hire_request), {"reason": "Again"}, follow=True)
    assert "This request is no longer waiting: declined by the hub." in again.content.decode()
    assert len(mailoutbox) == 1
    assert "This request is no longer waiting" in client.get(_decline_url(hire_request)).content.decode()
    client.force_login(guardian.user)
    html = client.get(reverse("instruments:family-instruments")).content.decode()
    assert "Declined by the hub" in html and "Why: No 3/4 violins until spring." in html


def test_a_missing_reason_is_shown_next_to_its_field_and_nothing_is_declined(
    client, store, child, mailoutbox
):
    hire_request = HireRequestFactory(pupil=child)
    client.force_login(store)
    response = client.post(_decline_url(hire_request), {"reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        field_error_html("id_reason", escape("Say why the request is declined: the family is sent it."))
        in html
    )
    assert "<title>Error: " in html
    assert HireRequest.objects.get(pk=hire_request.pk).status == HireRequest.Status.WAITING
    assert not mailoutbox
