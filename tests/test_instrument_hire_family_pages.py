"""A family's instrument pages as a browser-less client sees them: the list of each child's hires and requests
(a pinned query count), the request form with its size guide (bad input next to its field, nothing saved), a
withdrawal, and the hire agreement accepted once."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from instruments.models import Hire, HireRequest
from tests import factories
from tests.error_pattern import field_error_html
from tests.instrument_factories import (
    HireFeeFactory,
    HireRequestFactory,
    InstrumentFactory,
    allocated,
    instrument_type,
    out,
    violin,
)
from tests.tuition_factories import RemissionAwardFactory

pytestmark = pytest.mark.django_db

REQUEST = reverse("instruments:hire-request")
FAMILY = reverse("instruments:family-instruments")


@pytest.fixture
def types(db):
    return {"violin": violin(), "trumpet": instrument_type("Trumpet", family="brass")}


def _form(pupil, **changes):
    return {"child": pupil.public_id, "instrument_type": "violin", "size": "3/4", "note": "", **changes}


def test_the_request_page_shows_the_size_guide_beside_the_form_and_each_childs_age(
    client, guardian, child, types
):
    child.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 10)
    child.save()
    client.force_login(guardian.user)
    html = client.get(REQUEST, {"child": child.public_id}).content.decode()
    assert "Violin sizes by age" in html and "Trumpet sizes by age" not in html
    assert '<th scope="row" class="fw-normal">3/4</th><td>9 to 11</td><td>Amira</td>' in html
    assert '<th scope="row" class="fw-normal">1/2</th><td>7 to 9</td><td></td>' in html
    assert "Amira is 10." in html
    assert f'<option value="{child.public_id}" selected>' in html
    assert '<option value="trumpet">Trumpet</option>' in html


def test_a_request_joins_the_queue_and_the_family_page_lists_it(client, guardian, child, types):
    client.force_login(guardian.user)
    response = client.post(REQUEST, _form(child), follow=True)
    html = response.content.decode()
    assert "Amira is waiting for a 3/4 violin. We will e-mail you when one is ready." in html
    assert "<strong>3/4 Violin</strong>: Waiting for an instrument, position 1 in the queue." in html
    request = HireRequest.objects.get()
    assert (request.pupil, request.size, request.requested_by) == (child, "3/4", guardian)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"child": ""}, "id_child", "Choose the child the instrument is for."),
        ({"instrument_type": ""}, "id_instrument_type", "Choose an instrument."),
        ({"instrument_type": "kazoo"}, "id_instrument_type", "Choose an instrument from the list."),
        ({"size": "5/4"}, "id_size", "Choose a size from the list."),
        ({"size": ""}, "id_size", "Give the size: Violin comes in 1/16, 1/10, 1/8, 1/4, 1/2, 3/4, 4/4."),
        ({"instrument_type": "trumpet"}, "id_size", "Trumpet comes in one size: leave the size blank."),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    client, guardian, child, types, changes, field, message
):
    client.force_login(guardian.user)
    response = client.post(REQUEST, _form(child, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert field_error_html(field, escape(message)) in html
    assert not HireRequest.objects.exists()


def test_asking_twice_for_one_type_is_refused_at_the_instrument(client, guardian, child, types):
    client.force_login(guardian.user)
    assert client.post(REQUEST, _form(child)).status_code == 302
    html = client.post(REQUEST, _form(child, size="1/2")).content.decode()
    message = "Amira is already waiting for a violin: withdraw that request first to ask for another size."
    assert field_error_html("id_instrument_type", message) in html
    assert HireRequest.objects.count() == 1


def test_another_familys_child_answers_404_in_the_link_and_in_the_form(client, guardian, other_child, types):
    client.force_login(guardian.user)
    assert client.get(REQUEST, {"child": other_child.public_id}).status_code == 404
    assert client.post(REQUEST, _form(other_child)).status_code == 404
    assert not HireRequest.objects.exists()


def test_a_family_withdraws_a_waiting_request(client, guardian, child, types):
    hire_request = HireRequestFactory(pupil=child)
    client.force_login(guardian.user)
    url = reverse("instruments:hire-request-withdraw", kwargs={"public_id": hire_request.public_id})
    assert "Withdraw the request for Amira's 3/4 violin?" in client.get(url).content.decode()
    html = client.post(url, follow=True).content.decode()
    assert "The request for Amira is withdrawn." in html
    assert HireRequest.objects.get().status == HireRequest.Status.WITHDRAWN
    html = client.post(url, follow=True).content.decode()
    assert "This request is already closed: withdrawn." in html


# --- The agreement ---------------------------------------------------------------------------------------


@pytest.fixture
def hire(year, child, types):
    HireFeeFactory(termly_fee=Decimal("45.00"))
    return allocated(child, InstrumentFactory(asset_tag="VLN-0042", replacement_value=Decimal("320.00")))


def test_the_agreement_shows_the_terms_the_replacement_value_and_the_fee_after_remission(
    client, guardian, child, hire
):
    RemissionAwardFactory(pupil=child, category__name="Low income", category__percent=Decimal("50"))
    client.force_login(guardian.user)
    url = reverse("instruments:hire-agreement", kwargs={"public_id": hire.public_id})
    html = client.get(url).content.decode()
    for text in (
        "Hire agreement: Amira's violin",
        "VLN-0042",
        "£320.00",
        'Termly hire fee (2026/27)</dt><dd class="col-sm-8">£45.00',
        'Remission: Low income</dt><dd class="col-sm-8">−£22.50',
        'You pay each term</dt><dd class="col-sm-8">£22.50',
        "Looking after it.",
        "Loss or theft.",
    ):
        assert text in html, text


def test_the_agreement_needs_the_box_ticked_and_is_accepted_once(client, guardian, hire):
    client.force_login(guardian.user)
    url = reverse("instruments:hire-agreement", kwargs={"public_id": hire.public_id})
    html = client.post(url, {}).content.decode()
    assert field_error_html("id_accept", "Tick the box to accept the hire agreement.") in html
    assert Hire.objects.get(pk=hire.pk).agreement_accepted_at is None
    html = client.post(url, {"accept": "on"}, follow=True).content.decode()
    assert "Thank you: the agreement is accepted. Collect Amira&#x27;s violin from the store." in html
    accepted_at = Hire.objects.get(pk=hire.pk).agreement_accepted_at
    html = client.post(url, {"accept": "on"}, follow=True).content.decode()
    assert re.search(r"This agreement was already accepted on \d\d/\d\d/\d{4} at \d\d:\d\d\.", html)
    assert "Accept the agreement</button>" not in html
    assert Hire.objects.get(pk=hire.pk).agreement_accepted_at == accepted_at


def test_without_a_fee_for_the_year_the_agreement_waits(client, guardian, child, year, types):
    hire = allocated(child)
    client.force_login(guardian.user)
    url = reverse("instruments:hire-agreement", kwargs={"public_id": hire.public_id})
    html = client.get(url).content.decode()
    assert "has not set this year's hire fee for violins yet" in html
    assert "Accept the agreement</button>" not in html
    client.post(url, {"accept": "on"})
    assert Hire.objects.get(pk=hire.pk).status == Hire.Status.ALLOCATED


def test_another_familys_agreement_answers_404(client, other_guardian, hire):
    client.force_login(other_guardian.user)
    url = reverse("instruments:hire-agreement", kwargs={"public_id": hire.public_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"accept": "on"}).status_code == 404
    assert Hire.objects.get(pk=hire.pk).agreement_accepted_at is None


# --- The family's page -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_family_page_lists_each_childs_hires_and_requests_in_a_fixed_number_of_queries(
    client, guardian, child, year, types, django_assert_max_num_queries
):
    client.force_login(guardian.user)
    HireFeeFactory()

    def grow(n):
        for _ in range(n):
            sibling = factories.PupilFactory(guardians=[guardian])
            HireRequestFactory(pupil=sibling, instrument_type=types["trumpet"], size="")
            allocated(sibling)
            out(sibling)

    grow(1)
    few = _queries(client, FAMILY)
    grow(5)
    with django_assert_max_num_queries(10):
        many = _queries(client, FAMILY)
    assert many == few
    html = client.get(FAMILY).content.decode()
    assert html.count("Read the hire agreement for") == 6
    assert html.count("on hire since") == 6


def test_the_family_page_says_what_each_hire_waits_for(client, guardian, child, year, types):
    HireFeeFactory()
    hire = out(child)
    hire.due_back_on = datetime.date(2027, 7, 21)
    hire.save()
    client.force_login(guardian.user)
    html = client.get(FAMILY).content.decode()
    assert f"on hire since {timezone.localdate():%d/%m/%Y}, due back by 21/07/2027." in html
    assert "See the agreement" in html


def test_the_family_home_shows_each_open_hire_with_what_to_do_next(client, guardian, child, other_child):
    client.force_login(guardian.user)
    assert (
        "Hire an instrument for a child who learns with us"
        in client.get(reverse("hub:family-home")).content.decode()
    )
    ready = allocated(child)
    out(child, InstrumentFactory(size="1/2"))
    HireRequestFactory(pupil=child, instrument_type=instrument_type("Trumpet", family="brass"), size="")
    allocated(other_child)  # another family's
    html = client.get(reverse("hub:family-home")).content.decode()
    agreement = reverse("instruments:hire-agreement", args=[ready.public_id])
    assert f"{child.first_name}'s 3/4 Violin, Stentor Student II:" in html
    assert f'ready for you. <a href="{agreement}">Read and accept the hire agreement' in html
    assert f"{child.first_name}'s 1/2 Violin, Stentor Student II:" in html and "on hire" in html
    assert "1 request waiting for an instrument." in html
    assert html.count("Read and accept the hire agreement") == 1


def test_each_childs_card_on_the_family_home_offers_to_hire_an_instrument(client, guardian, child):
    client.force_login(guardian.user)
    html = client.get(reverse("hub:family-home")).content.decode()
    assert f'href="{REQUEST}?child={child.public_id}">Hire an instrument' in html
