"""The lesson request pages as a browser-less client sees them: bad input shown next to its field with
nothing saved, the family's answers to offers, pinned query counts, and the e-mails read as sent."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests import factories
from tests.error_pattern import field_error_html
from tests.tuition_factories import LessonRequestFactory, TeachingSlotFactory, enrol, group_lesson_type
from tuition.models import Enrolment, LessonRequest, Offer
from tuition.services import offers, requests

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"
HUB = "Northshire Music Hub"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.HUB_NAME = HUB


@pytest.fixture
def slot(year, school):
    return TeachingSlotFactory(school=school, capacity=1)


def _full(slot):
    enrol(factories.PupilFactory(school=slot.school), slot, starts_on=datetime.date(2026, 9, 8))
    return slot


def _form(slot, **changes):
    return {
        "instrument": slot.instrument.pk,
        "lesson_type": slot.lesson_type.pk,
        "level": "beginner",
        "preferred_start": "",
        "accept_terms": "on",
        **changes,
    }


def test_the_request_page_lists_what_the_school_teaches_with_the_fee(client, guardian, child, slot):
    client.force_login(guardian.user)
    html = client.get(
        reverse("tuition:lessons-request", kwargs={"public_id": child.public_id})
    ).content.decode()
    assert "Violin" in html and slot.lesson_type.name in html and "£150.00" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"accept_terms": ""}, "id_accept_terms", "Tick the box to accept the terms."),
        (
            {"preferred_start": "2020-01-01"},
            "id_preferred_start",
            "The preferred start cannot be in the past.",
        ),
        ({"instrument": ""}, "id_instrument", "Choose an instrument."),
        ({"lesson_type": "group"}, "id_lesson_type", "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    client, guardian, child, slot, changes, field, message
):
    if changes.get("lesson_type") == "group":
        changes["lesson_type"] = group_lesson_type().pk
    client.force_login(guardian.user)
    url = reverse("tuition:lessons-request", kwargs={"public_id": child.public_id})
    response = client.post(url, _form(slot, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert message.split(".")[0] in html and field in html
    assert not LessonRequest.objects.exists()


def test_a_lesson_type_not_taught_on_that_instrument_is_refused_at_the_lesson_type(
    client, guardian, child, slot
):
    group = group_lesson_type()
    TeachingSlotFactory(
        school=slot.school, instrument__name="Flute", instrument__slug="flute", lesson_type=group, capacity=4
    )
    client.force_login(guardian.user)
    url = reverse("tuition:lessons-request", kwargs={"public_id": child.public_id})
    html = client.post(url, _form(slot, lesson_type=group.pk)).content.decode()
    message = escape(
        f"{group.name} lessons are not taught on the violin at this school: "
        "choose one the table lists for it."
    )
    assert field_error_html("id_lesson_type", message) in html
    assert not LessonRequest.objects.exists()


def test_asking_twice_shows_the_service_message_at_the_instrument(client, guardian, child, slot):
    _full(slot)
    client.force_login(guardian.user)
    url = reverse("tuition:lessons-request", kwargs={"public_id": child.public_id})
    assert client.post(url, _form(slot)).status_code == 302
    html = client.post(url, _form(slot)).content.decode()
    assert field_error_html("id_instrument", "Amira is already waiting for Violin lessons.") in html
    assert LessonRequest.objects.count() == 1


def test_a_waiting_request_shows_its_position_on_the_lessons_page(client, guardian, child, slot):
    _full(slot)
    client.force_login(guardian.user)
    url = reverse("tuition:lessons-request", kwargs={"public_id": child.public_id})
    response = client.post(url, _form(slot), follow=True)
    html = response.content.decode()
    assert "Amira is on the waiting list for violin lessons." in html
    assert re.search(r"On the waiting list, position 1\.", html)


def _offer(child, slot, hub_admin):
    _full(slot)
    waiting = requests.request_lessons(
        pupil=child,
        instrument=slot.instrument,
        lesson_type=slot.lesson_type,
        level="beginner",
        preferred_start=None,
        by=child.guardians.first().user,
    )
    second = TeachingSlotFactory(school=slot.school, instrument=slot.instrument, lesson_type=slot.lesson_type)
    day = timezone.localdate() + datetime.timedelta(days=1)
    day += datetime.timedelta(days=(second.weekday - day.weekday()) % 7)
    return offers.make_offer(lesson_request=waiting, slot=second, starts_on=day, by=hub_admin)


def test_a_double_clicked_accept_enrols_once_and_says_so(client, guardian, child, slot, hub_admin):
    offer = _offer(child, slot, hub_admin)
    client.force_login(guardian.user)
    url = reverse("tuition:offer", kwargs={"public_id": offer.public_id})
    assert client.post(url, {"answer": "accept"}).status_code == 302
    response = client.post(url, {"answer": "accept"}, follow=True)
    assert "You have already accepted this place." in response.content.decode()
    assert Enrolment.objects.count() == 2  # the pupil who filled the first slot, and Amira


def test_accepting_an_expired_offer_from_the_page_says_so_and_saves_nothing(
    client, guardian, child, slot, hub_admin
):
    offer = _offer(child, slot, hub_admin)
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(
        made_at=now - datetime.timedelta(days=8), expires_at=now - datetime.timedelta(hours=1)
    )
    client.force_login(guardian.user)
    url = reverse("tuition:offer", kwargs={"public_id": offer.public_id})
    assert "Accept the place" not in client.get(url).content.decode()
    html = client.post(url, {"answer": "accept"}, follow=True).content.decode()
    assert "This offer expired on" in html
    assert Enrolment.objects.count() == 1
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OPEN  # left for beat to expire


def test_staff_see_a_wrong_weekday_next_to_the_date_and_a_full_slot_at_the_slot(
    client, hub_admin, child, slot
):
    _full(slot)
    waiting = LessonRequestFactory(pupil=child, instrument=slot.instrument, lesson_type=slot.lesson_type)
    client.force_login(hub_admin)
    url = reverse("tuition:offer-make", kwargs={"public_id": waiting.public_id})
    tuesday = timezone.localdate() + datetime.timedelta(days=(1 - timezone.localdate().weekday()) % 7 + 7)
    html = client.post(
        url, {"slot": slot.public_id, "starts_on": (tuesday + datetime.timedelta(days=1)).isoformat()}
    ).content.decode()
    assert field_error_html("id_starts_on", "Lessons in that slot are on Tuesdays: choose a Tuesday.") in html
    html = client.post(url, {"slot": slot.public_id, "starts_on": tuesday.isoformat()}).content.decode()
    assert "This slot has no free place on that day" in html and 'aria-invalid="true"' in html
    assert not Offer.objects.exists()


# --- Query counts ---------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _waiting(n, slot):
    for _ in range(n):
        pupil = factories.PupilFactory(school=slot.school, guardians=[factories.GuardianFactory()])
        LessonRequestFactory(pupil=pupil, instrument=slot.instrument, lesson_type=slot.lesson_type)


def test_the_waiting_list_runs_a_fixed_number_of_queries(
    client, hub_admin, slot, django_assert_max_num_queries
):
    client.force_login(hub_admin)
    url = reverse("tuition:waiting-list")
    filtered = f"{url}?school={slot.school.urn}&instrument=violin"
    _waiting(2, slot)
    few, few_filtered = _queries(client, url), _queries(client, filtered)
    _waiting(30, slot)
    other = TeachingSlotFactory(school=factories.SchoolFactory(), lesson_type=slot.lesson_type)
    _waiting(10, other)
    with django_assert_max_num_queries(12):
        assert _queries(client, url) == few
    with django_assert_max_num_queries(12):
        assert _queries(client, filtered) == few_filtered


def test_staff_find_a_schools_queue_by_part_of_its_name_or_its_urn_and_page_through_it(
    client, hub_admin, slot
):
    client.force_login(hub_admin)
    url = reverse("tuition:waiting-list")
    other = TeachingSlotFactory(
        school=factories.SchoolFactory(name="Zetland Academy"), lesson_type=slot.lesson_type
    )
    _waiting(3, slot)
    _waiting(30, other)
    by_name = client.get(url, {"school": "zetland"}).content.decode()
    assert "30 requests waiting." in by_name and "Zetland Academy: Violin" in by_name
    assert slot.school.name not in by_name
    by_urn = client.get(url, {"school": str(slot.school.urn)}).content.decode()
    assert "3 requests waiting." in by_urn and "Zetland" not in by_urn
    # Positions count in each queue, page after page; a page past the end shows the last one.
    last = client.get(url, {"school": "zetland", "page": "99"}).content.decode()
    assert "Page 2 of 2" in last and re.search(r"<td>30</td>", last) and not re.search(r"<td>31</td>", last)
    assert "Page 1 of 2" in client.get(url, {"school": "zetland", "page": "junk"}).content.decode()


def test_an_instrument_not_on_the_list_is_refused_next_to_its_field(client, hub_admin, slot):
    client.force_login(hub_admin)
    _waiting(2, slot)
    html = client.get(reverse("tuition:waiting-list"), {"instrument": "kazoo"}).content.decode()
    assert field_error_html("id_instrument", "Choose one from the list.") in html
    assert "2 requests waiting." in html


def test_the_family_lessons_page_runs_a_fixed_number_of_queries(
    client, guardian, child, slot, hub_admin, django_assert_max_num_queries
):
    client.force_login(guardian.user)
    url = reverse("tuition:family-lessons")
    _offer(child, slot, hub_admin)

    def grow(n):
        for _ in range(n):
            sibling = factories.PupilFactory(school=slot.school, guardians=[guardian])
            LessonRequestFactory(pupil=sibling, instrument=slot.instrument, lesson_type=slot.lesson_type)
            other_slot = TeachingSlotFactory(school=slot.school, lesson_type=slot.lesson_type)
            enrol(sibling, other_slot, starts_on=datetime.date(2026, 9, 8))

    grow(1)
    few = _queries(client, url)
    grow(5)
    with django_assert_max_num_queries(9):
        many = _queries(client, url)
    assert many == few


# --- E-mails, rendered and read ------------------------------------------------------------------------


def read(message) -> str:
    body = message.body
    assert message.subject.startswith(f"[{HUB}] ") and "\n" not in message.subject
    assert HUB in body
    for broken in ("&#x27;", "&amp;", "&quot;", "None"):
        assert broken not in body, f"{broken!r} in:\n{body}"
    links = re.findall(r"https?://\S+", body)
    assert links and all(link.startswith(SITE + "/") for link in links), links
    return body


def test_the_offer_emails_greet_the_parent_name_the_hub_and_link_absolutely(
    child, slot, hub_admin, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.tuition_factories import RemissionAwardFactory
    from tuition.services import offer_deadlines

    guardian.user.last_name = "O'Neill"
    guardian.user.save()
    RemissionAwardFactory(pupil=child)
    with django_capture_on_commit_callbacks(execute=True):
        offer = _offer(child, slot, hub_admin)
        offer_deadlines.remind_offers(now=offer.expires_at - datetime.timedelta(hours=1))
        offer_deadlines.expire_offers(now=offer.expires_at + datetime.timedelta(hours=1))
    made, reminder, expired = mailoutbox
    body = read(made)
    assert made.subject == f"[{HUB}] A place for Amira's Violin lessons"
    assert body.startswith("Dear Pat O'Neill,")
    assert (
        "Termly fee: £150.00\n"
        "Remission: Free school meals or pupil premium: −£150.00\n"
        "You pay each term: £0.00" in body
    )
    assert f"Accept the place: {SITE}/family/lessons/offers/{offer.public_id}/#accept" in body
    assert offer.starts_on.strftime("%-d %B %Y") in body
    assert "Dear Pat O'Neill," in read(reminder) and "Reminder" in reminder.subject
    body = read(expired)
    assert "at position 1" in body and f"{SITE}/family/lessons/" in body


def test_the_navigation_offers_lessons_to_families_and_waiting_lists_to_lessons_staff(
    client, guardian, hub_admin, tutor
):
    waiting_lists = f'href="{reverse("tuition:waiting-list")}"'
    lessons = f'href="{reverse("tuition:family-lessons")}"'
    client.force_login(guardian.user)
    html = client.get(reverse("hub:family-home")).content.decode()
    assert lessons in html and waiting_lists not in html
    client.force_login(hub_admin)
    assert waiting_lists in client.get(reverse("hub:staff-home")).content.decode()
    client.force_login(tutor)
    assert waiting_lists not in client.get(reverse("hub:staff-home")).content.decode()


def test_withdrawing_from_the_page_takes_the_child_off_the_list_and_twice_says_so(
    client, guardian, child, slot
):
    _full(slot)
    waiting = LessonRequestFactory(pupil=child, instrument=slot.instrument, lesson_type=slot.lesson_type)
    client.force_login(guardian.user)
    url = reverse("tuition:request-withdraw", kwargs={"public_id": waiting.public_id})
    assert "Withdraw the request for Amira's violin lessons?" in client.get(url).content.decode()
    html = client.post(url, follow=True).content.decode()
    assert "The request for Amira&#x27;s violin lessons is withdrawn." in html
    assert LessonRequest.objects.get(pk=waiting.pk).status == LessonRequest.Status.WITHDRAWN
    html = client.post(url, follow=True).content.decode()
    assert "This request is already closed: withdrawn." in html
