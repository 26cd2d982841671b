"""The store's staff actions on requests and hires: declining a waiting request (the family e-mailed the
reason), cancelling an allocation before the instrument goes out (under row locks, two at once on the real
database), and returning a whole class set at once (all or none). Services and pages, with each refusal
clear and nothing half-saved."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hub.models import AuditEvent
from instruments.errors import InstrumentsError
from instruments.models import ClassSetLoan, Condition, ConditionCheck, Hire, HireRequest, Instrument
from instruments.selectors.queue import available, get_waiting_request
from instruments.services import allocation, class_sets, hires, requests
from tests import factories
from tests.error_pattern import field_error_html
from tests.instrument_factories import HireRequestFactory, InstrumentFactory, accepted, allocated, out
from tests.tuition_factories import academic_year

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"
TODAY = timezone.localdate
QUEUE = reverse("instruments:request-queue")
DESK = reverse("instruments:desk")


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


# --- Cancelling an allocation ----------------------------------------------------------------------------


def _family(first_name="Ben"):
    return factories.PupilFactory(first_name=first_name, guardians=[factories.GuardianFactory()])


def test_a_cancelled_allocation_frees_the_instrument_and_the_request_keeps_its_place_in_the_queue(
    child, store, year, mailoutbox, django_capture_on_commit_callbacks
):
    hire = allocated(child, InstrumentFactory(asset_tag="VLN-0042"))
    later = HireRequestFactory(pupil=_family())  # asked after Amira: behind her in the 3/4 violin queue
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = allocation.cancel_allocation(
            hire=hire, reason="The bridge is cracked.", back_to_queue=True, by=store
        )
    assert cancelled.status == Hire.Status.CANCELLED and cancelled.cancelled_at
    assert cancelled.note == "Cancelled: The bridge is cracked."
    assert available().filter(asset_tag="VLN-0042").exists()
    assert Instrument.objects.get(asset_tag="VLN-0042").status == Instrument.Status.AVAILABLE
    hire_request = get_waiting_request(hire.request.public_id)
    assert hire_request.status == HireRequest.Status.WAITING and hire_request.closed_at is None
    assert hire_request.position == 1 and get_waiting_request(later.public_id).position == 2
    [mail] = mailoutbox
    assert mail.subject == "[Northshire Music Hub] The 3/4 violin for Amira is no longer held"
    assert "Amira is back in the queue for a 3/4 violin, in the same place as before." in mail.body
    assert "cracked" not in mail.body and f"{SITE}/family/instruments/" in mail.body
    [event] = audited(hire, AuditEvent.Action.UPDATED)
    assert event.actor == store and event.changes["reason"] == [None, "The bridge is cracked."]
    # Allocated again, to the child at the head of the queue.
    again = allocation.allocate(hire_request=hire_request, instrument=InstrumentFactory(), by=store)
    assert again.request_id == hire_request.pk


def test_a_family_that_changed_their_mind_has_its_request_closed_even_after_the_agreement(
    child, store, year, mailoutbox, django_capture_on_commit_callbacks
):
    hire = accepted(child)
    with django_capture_on_commit_callbacks(execute=True):
        allocation.cancel_allocation(hire=hire, reason="Changed their mind.", back_to_queue=False, by=store)
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.CANCELLED
    hire_request = HireRequest.objects.get(pk=hire.request_id)
    assert hire_request.status == HireRequest.Status.WITHDRAWN and hire_request.closed_at
    [mail] = mailoutbox
    assert "The request is closed." in mail.body and "Northshire Music Hub" in mail.body


def test_a_hire_already_out_or_cancelled_is_not_cancelled(child, store, year, mailoutbox):
    gone = out(child, InstrumentFactory(asset_tag="VLN-0042"))
    with pytest.raises(
        InstrumentsError,
        match=r"^VLN-0042 is already out with Amira .* Return it at the scanner desk instead",
    ):
        allocation.cancel_allocation(hire=gone, reason="Too late", back_to_queue=False, by=store)
    assert Hire.objects.get(pk=gone.pk).status == Hire.Status.OUT
    hire = allocated(_family(), InstrumentFactory(asset_tag="VLN-0043"))
    allocation.cancel_allocation(hire=hire, reason="Twice", back_to_queue=False, by=store)
    with pytest.raises(InstrumentsError, match=r"^This allocation of VLN-0043 was already cancelled on "):
        allocation.cancel_allocation(hire=hire, reason="Twice", back_to_queue=False, by=store)
    assert len(audited(hire, AuditEvent.Action.UPDATED)) == 1


def test_a_request_cannot_go_back_to_a_queue_the_child_has_joined_again(child, store, year, mailoutbox):
    hire = allocated(child)
    HireRequestFactory(pupil=child)  # asked again, for another 3/4 violin
    with pytest.raises(InstrumentsError, match="Amira has asked for a violin again since") as refused:
        allocation.cancel_allocation(hire=hire, reason="Cracked", back_to_queue=True, by=store)
    assert refused.value.field == "back_to_queue"
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED
    with pytest.raises(InstrumentsError, match="Say why the allocation is cancelled.") as refused:
        allocation.cancel_allocation(hire=hire, reason=" ", back_to_queue=False, by=store)
    assert refused.value.field == "reason" and not mailoutbox


def test_a_class_sets_instrument_not_yet_out_is_cancelled_with_no_family_to_tell(
    school, store, year, mailoutbox
):
    instrument = InstrumentFactory()
    loan = class_sets.lend_class_set(
        school=school, instruments=[instrument], due_back_on=year.ends_on, free_under_sla=True, by=store
    )
    [hire] = loan.hires.all()
    allocation.cancel_allocation(hire=hire, reason="The school has enough.", back_to_queue=True, by=store)
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.CANCELLED
    assert available().filter(pk=instrument.pk).exists() and not mailoutbox


@pytest.mark.django_db(transaction=True)
def test_a_cancel_and_a_check_out_at_once_one_wins_and_the_other_is_told_clearly():
    from tests.conftest import ensure_staff_groups

    ensure_staff_groups()
    academic_year(2026)
    hire = accepted(_family("Amira"), InstrumentFactory(asset_tag="VLN-0001"))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, action):
        try:
            barrier.wait()
            action()
            outcomes[name] = "done"
        except InstrumentsError as error:
            outcomes[name] = str(error)
        finally:
            connection.close()

    actions = {
        "cancel": lambda: allocation.cancel_allocation(
            hire=hire, reason="Changed their mind", back_to_queue=False, by=None
        ),
        "check_out": lambda: hires.check_out(hire=hire, condition="good", on=TODAY(), by=None),
    }
    threads = [threading.Thread(target=act, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["cancel", "check_out"]
    assert list(outcomes.values()).count("done") == 1, outcomes
    final = Hire.objects.get(pk=hire.pk)
    instrument = Instrument.objects.get(pk=hire.instrument_id)
    if outcomes["cancel"] == "done":
        assert final.status == Hire.Status.CANCELLED and instrument.status == Instrument.Status.AVAILABLE
        assert outcomes["check_out"] == "This hire of VLN-0001 is cancelled: it cannot go out."
    else:
        assert final.status == Hire.Status.OUT and instrument.status == Instrument.Status.ON_HIRE
        assert outcomes["cancel"].startswith("VLN-0001 is already out with Amira")


def _cancel_url(hire) -> str:
    return reverse("instruments:hire-cancel", kwargs={"public_id": hire.public_id})


def test_staff_cancel_from_the_desk_and_a_second_press_is_told_it_is_done(
    client, store, child, year, mailoutbox, django_capture_on_commit_callbacks
):
    hire = allocated(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    html = client.get(DESK, {"tag": "VLN-0042"}).content.decode()
    assert f'href="{_cancel_url(hire)}"' in html and "Cancel the allocation of VLN-0042" in html
    detail = reverse("instruments:instrument-detail", kwargs={"public_id": hire.instrument.public_id})
    assert f'href="{_cancel_url(hire)}"' in client.get(detail).content.decode()
    html = client.get(_cancel_url(hire)).content.decode()
    assert "The family&#x27;s request" in html and "Back to the queue, in its original place" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _cancel_url(hire), {"reason": "Cracked bridge", "back_to_queue": "queue"}, follow=True
        )
    assert response.redirect_chain[-1][0] == f"{DESK}?tag=VLN-0042"
    html = response.content.decode()
    assert f"The allocation of VLN-0042 to {child.full_name} is cancelled: it is free to lend." in html
    assert "Amira is back in the queue, in the same place" in html
    assert "Cancel the allocation of VLN-0042" not in html and len(mailoutbox) == 1
    again = client.post(
        _cancel_url(hire), {"reason": "Cracked bridge", "back_to_queue": "queue"}, follow=True
    )
    assert "This allocation of VLN-0042 was already cancelled on" in again.content.decode()
    assert len(mailoutbox) == 1


def test_a_hire_out_is_not_cancelled_from_its_page(client, store, child, year):
    hire = out(child, InstrumentFactory(asset_tag="VLN-0042"))
    client.force_login(store)
    assert "Cancel the allocation" not in client.get(DESK, {"tag": "VLN-0042"}).content.decode()
    html = client.get(_cancel_url(hire)).content.decode()
    assert "VLN-0042 is already out with Amira" in html and "<textarea" not in html
    response = client.post(_cancel_url(hire), {"reason": "x", "back_to_queue": "close"}, follow=True)
    assert "Return it at the scanner desk instead." in response.content.decode()
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.OUT


def test_a_class_sets_allocation_is_cancelled_without_a_question_about_a_request(client, store, school):
    loan = _lent(school, store, 1, out_now=False)
    [hire] = loan.hires.all()
    client.force_login(store)
    html = client.get(_cancel_url(hire)).content.decode()
    assert "The family&#x27;s request" not in html and "Allocated to</dt><dd" in html
    response = client.post(_cancel_url(hire), {"reason": "Not needed"}, follow=True)
    assert f"The allocation of UKE-000 to {school.name} (class set) is cancelled" in response.content.decode()
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.CANCELLED


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"back_to_queue": "close"}, "id_reason", "Say why the allocation is cancelled."),
        ({"reason": "Cracked"}, "id_back_to_queue", "Choose what happens to the family's request."),
    ],
)
def test_a_bad_cancel_is_shown_next_to_its_field_and_nothing_is_cancelled(
    client, store, child, year, data, field, message
):
    hire = allocated(child)
    client.force_login(store)
    html = client.post(_cancel_url(hire), data).content.decode()
    assert field_error_html(field, escape(message)) in html and "<title>Error: " in html
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED


def test_a_child_waiting_again_is_said_at_the_choice(client, store, child, year):
    hire = allocated(child)
    HireRequestFactory(pupil=child)
    client.force_login(store)
    html = client.post(_cancel_url(hire), {"reason": "Cracked", "back_to_queue": "queue"}).content.decode()
    assert (
        field_error_html("id_back_to_queue", "Amira has asked for a violin again since").split(" since")[0]
        in html
    )
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED


# --- Returning a whole class set -------------------------------------------------------------------------


def _lent(school, store, count=3, *, out_now=True) -> ClassSetLoan:
    return class_sets.lend_class_set(
        school=school,
        instruments=[InstrumentFactory(asset_tag=f"UKE-{n:03d}") for n in range(count)],
        due_back_on=TODAY() + datetime.timedelta(days=90),
        free_under_sla=True,
        by=store,
        out_on=TODAY() if out_now else None,
    )


def test_a_class_set_comes_back_at_once_and_one_returned_at_the_desk_first_is_left_alone(school, store):
    loan = _lent(school, store)
    damaged = loan.hires.get(instrument__asset_tag="UKE-001")
    hires.return_hire(
        hire=damaged,
        condition="poor",
        damage_charge=0,
        to_repair=True,
        note="Split",
        repairer="Bow",
        by=store,
    )
    returned = class_sets.return_class_set(loan=loan, condition=Condition.FAIR, returned_on=TODAY(), by=store)
    assert [hire.instrument.asset_tag for hire in returned] == ["UKE-000", "UKE-002"]
    for tag in ("UKE-000", "UKE-002"):
        hire = Hire.objects.get(instrument__asset_tag=tag)
        assert (hire.status, hire.returned_on, hire.condition_in) == (Hire.Status.RETURNED, TODAY(), "fair")
        assert hire.returned_to == store and hire.damage_charge == 0
        instrument = Instrument.objects.get(asset_tag=tag)
        assert (instrument.status, instrument.condition) == (Instrument.Status.AVAILABLE, "fair")
        assert ConditionCheck.objects.filter(hire=hire, note="Returned", grade="fair").exists()
        assert audited(hire, AuditEvent.Action.UPDATED)
    assert Instrument.objects.get(asset_tag="UKE-001").status == Instrument.Status.IN_REPAIR
    assert not loan.hires.filter(status__in=Hire.OPEN).exists()  # nothing out: the loan is closed
    with pytest.raises(InstrumentsError, match="None of this class set is out: there is nothing to return."):
        class_sets.return_class_set(loan=loan, condition=Condition.FAIR, returned_on=TODAY(), by=store)


@pytest.mark.parametrize(
    ("condition", "days", "field", "message"),
    [
        ("shiny", 0, "condition", "Choose the condition they came back in."),
        ("good", 1, "returned_on", "The day they came back cannot be in the future."),
        ("good", -1, "returned_on", "The day they came back cannot be before"),
    ],
)
def test_a_bad_class_set_return_is_refused_at_its_field_and_nothing_comes_back(
    school, store, condition, days, field, message
):
    loan = _lent(school, store)
    with pytest.raises(InstrumentsError, match=message) as refused:
        class_sets.return_class_set(
            loan=loan, condition=condition, returned_on=TODAY() + datetime.timedelta(days=days), by=store
        )
    assert refused.value.field == field
    assert loan.hires.filter(status=Hire.Status.OUT).count() == 3


def test_a_class_set_return_that_fails_part_way_returns_none_of_them(school, store, monkeypatch):
    loan = _lent(school, store)
    real, calls = class_sets.return_hire, []

    def fails_on_the_third(**kwargs):
        calls.append(kwargs["hire"].instrument.asset_tag)
        if len(calls) == 3:
            raise InstrumentsError("UKE-002 cannot come back.")
        return real(**kwargs)

    monkeypatch.setattr(class_sets, "return_hire", fails_on_the_third)
    with pytest.raises(InstrumentsError, match="UKE-002 cannot come back."):
        class_sets.return_class_set(loan=loan, condition="good", returned_on=TODAY(), by=store)
    assert loan.hires.filter(status=Hire.Status.OUT).count() == 3
    assert Instrument.objects.filter(status=Instrument.Status.ON_HIRE).count() == 3
    assert not ConditionCheck.objects.filter(note="Returned").exists()


def _detail(loan) -> str:
    return reverse("instruments:class-set-detail", kwargs={"public_id": loan.public_id})


def _return_set(client, loan, **changes):
    url = reverse("instruments:class-set-return", kwargs={"public_id": loan.public_id})
    data = {"back-returned_on": TODAY().isoformat(), "back-condition": "good", **changes}
    return client.post(url, data, follow=True)


def test_staff_return_a_class_set_from_its_page_once_however_often_the_button_is_pressed(
    client, store, school
):
    loan = _lent(school, store)
    client.force_login(store)
    html = client.get(_detail(loan)).content.decode()
    assert "Return the 3 instruments still out</button>" in html
    response = _return_set(client, loan)
    assert response.redirect_chain[-1][0] == _detail(loan)
    html = response.content.decode()
    assert f"3 instruments returned from {school.name} and back in stock." in html
    assert "Nothing is out: the class set is closed." in html
    assert "Every instrument is back: this class set is closed." in html
    assert "Return the 3 instruments still out</button>" not in html
    html = _return_set(client, loan).content.decode()
    assert "None of this class set is out: there is nothing to return." in html
    assert ConditionCheck.objects.filter(note="Returned").count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"back-condition": ""}, "id_back-condition", "Choose the condition they came back in."),
        (
            {"back-returned_on": "2099-01-01"},
            "id_back-returned_on",
            "The day they came back cannot be in the future.",
        ),
        (
            {"back-returned_on": "2020-01-01"},
            "id_back-returned_on",
            "The day they came back cannot be before",
        ),
    ],
)
def test_a_bad_class_set_return_is_shown_next_to_its_field(client, store, school, changes, field, message):
    loan = _lent(school, store)
    client.force_login(store)
    html = _return_set(client, loan, **changes).content.decode()
    assert field_error_html(field, escape(message)).split("</strong>")[0] in html
    assert "<title>Error: " in html
    assert loan.hires.filter(status=Hire.Status.OUT).count() == 3


def test_a_set_never_checked_out_is_sent_to_the_desk(client, store, school):
    loan = _lent(school, store, 2, out_now=False)
    client.force_login(store)
    html = client.get(_detail(loan)).content.decode()
    assert "Nothing is out; 2 instruments were never checked out: check them out or cancel them" in html


def test_the_class_set_page_runs_a_fixed_number_of_queries(
    client, store, school, django_assert_max_num_queries
):
    small = _lent(school, store, 1)
    client.force_login(store)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_detail(small)).status_code == 200
    large = class_sets.lend_class_set(
        school=school,
        instruments=InstrumentFactory.create_batch(30),
        due_back_on=TODAY() + datetime.timedelta(days=90),
        free_under_sla=True,
        by=store,
        out_on=TODAY(),
    )
    with django_assert_max_num_queries(8):
        assert client.get(_detail(large)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        client.get(_detail(large))
    assert len(many.captured_queries) == len(few.captured_queries)
