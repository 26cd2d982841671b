"""Registers: marking a pupil at a lesson (one tap, htmx or a plain post), whose lessons a tutor reaches,
the pages' fixed query counts, and lessons billed against lessons delivered."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent, ClosureDay, TermBreak
from tests import factories
from tests.tuition_factories import TeachingSlotFactory, academic_year, enrol, slot_teaching_on, tutor_profile
from tuition.errors import TuitionError
from tuition.models import Attendance, AttendanceCode, Lesson
from tuition.schedule import lesson_dates
from tuition.selectors.registers import RegisterRow, credits_due, lesson_term, lessons_summary
from tuition.selectors.week import LATEST, as_shown, lessons_on, term_registers, tutor_week
from tuition.services.registers import mark_attendance
from tuition.templatetags.tuition_registers import register_row_html

pytestmark = pytest.mark.django_db
MAX_REGISTER_QUERIES = 8


def today() -> datetime.date:
    return timezone.localdate()


def term_of(slot):
    return lesson_term(slot, today())


def class_of(slot, count: int, *, since: datetime.date | None = None) -> list:
    """`count` pupils placed in the slot from the start of today's term (or `since`)."""
    starts_on = since or term_of(slot).starts_on
    # Plain names: a Faker name with an apostrophe would come back HTML-escaped.
    names = [("Amira", "Khan"), ("Ben", "Lowe"), ("Cara", "Moss"), ("Dev", "Nair"), ("Ellie", "Owens")]
    names += [("Finn", "Price"), ("Gina", "Quayle"), ("Hari", "Rees")]
    return [
        enrol(factories.PupilFactory(first_name=first, last_name=last), slot, starts_on=starts_on)
        for first, last in names[:count]
    ]


def past_dates(slot) -> list[datetime.date]:
    return [day for day in lesson_dates(slot, term_of(slot)) if day < today()]


@pytest.fixture
def own_slot(tutor):
    return slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(10, 0))


def mark_url(slot, day=None):
    return reverse("tuition:mark", kwargs={"public_id": slot.public_id, "day": day or today()})


def register_url(slot, day=None):
    return reverse("tuition:register", kwargs={"public_id": slot.public_id, "day": day or today()})


def test_the_one_query_lesson_date_check_agrees_with_the_schedule():
    year = academic_year(2026)
    autumn = year.terms.get(kind="autumn")
    TermBreak.objects.create(
        term=autumn, starts_on=datetime.date(2026, 10, 26), ends_on=datetime.date(2026, 10, 30)
    )
    ClosureDay.objects.create(academic_year=year, date=datetime.date(2026, 9, 15), reason="Training day")
    slot = TeachingSlotFactory(weekday=1)
    dates = set(lesson_dates(slot, autumn))
    day = autumn.starts_on - datetime.timedelta(days=7)
    while day <= autumn.ends_on + datetime.timedelta(days=7):
        assert (lesson_term(slot, day) is not None) == (day in dates), day
        day += datetime.timedelta(days=1)


def test_marking_makes_the_lesson_once_and_marking_again_changes_the_mark_and_is_audited(
    own_slot, tutor, hub_admin
):
    (enrolment,) = class_of(own_slot, 1)
    first = mark_attendance(slot=own_slot, day=today(), enrolment=enrolment, code="present", by=tutor)
    assert Lesson.objects.get().term == term_of(own_slot)
    again = mark_attendance(slot=own_slot, day=today(), enrolment=enrolment, code="absent", by=hub_admin)
    assert Lesson.objects.count() == 1 and Attendance.objects.count() == 1
    assert again.pk == first.pk and again.code == "absent" and again.marked_by == hub_admin
    event = AuditEvent.objects.get(object_id=str(first.pk))
    assert event.actor == hub_admin and event.changes["code"] == ["present", "absent"]
    # The same mark again changes nothing the audit trail needs.
    mark_attendance(slot=own_slot, day=today(), enrolment=enrolment, code="absent", by=hub_admin)
    assert AuditEvent.objects.filter(object_id=str(first.pk)).count() == 1


def test_present_waits_for_the_day_but_notice_can_be_marked_ahead(own_slot, tutor):
    (enrolment,) = class_of(own_slot, 1)
    next_week = today() + datetime.timedelta(days=7)
    assert lesson_term(own_slot, next_week) is not None, "year_teaching_on keeps a week of term ahead"
    with pytest.raises(TuitionError, match="marked present on the day or after it"):
        mark_attendance(slot=own_slot, day=next_week, enrolment=enrolment, code="present", by=tutor)
    assert not Lesson.objects.exists()
    mark_attendance(slot=own_slot, day=next_week, enrolment=enrolment, code="notice", by=tutor)


def test_a_day_that_is_not_a_lesson_date_is_refused_and_answers_404(client, own_slot, tutor):
    (enrolment,) = class_of(own_slot, 1)
    tomorrow = today() + datetime.timedelta(days=1)
    with pytest.raises(TuitionError, match="has no lesson on"):
        mark_attendance(slot=own_slot, day=tomorrow, enrolment=enrolment, code="notice", by=tutor)
    client.force_login(tutor)
    assert client.get(register_url(own_slot, tomorrow)).status_code == 404
    post = {"enrolment": enrolment.public_id, "code": "notice"}
    assert client.post(mark_url(own_slot, tomorrow), post).status_code == 404
    assert client.get(f"/staff/registers/{own_slot.public_id}/2026-02-30/").status_code == 404
    assert not Lesson.objects.exists()


def test_a_tutor_marking_another_tutors_lesson_gets_404_and_nothing_is_marked(
    client, own_slot, tutor, hub_admin
):
    other = slot_teaching_on(today(), tutor=tutor_profile(), starts_at=datetime.time(11, 0))
    (theirs,) = class_of(other, 1)
    client.force_login(tutor)
    assert client.get(register_url(other)).status_code == 404
    assert client.post(mark_url(other), {"enrolment": theirs.public_id, "code": "present"}).status_code == 404
    # Nor can a pupil of theirs be marked through the tutor's own lesson.
    assert (
        client.post(mark_url(own_slot), {"enrolment": theirs.public_id, "code": "present"}).status_code == 404
    )
    assert client.post(mark_url(own_slot), {"enrolment": "not-a-uuid", "code": "present"}).status_code == 404
    assert not Attendance.objects.exists()
    client.force_login(hub_admin)
    assert client.post(mark_url(other), {"enrolment": theirs.public_id, "code": "present"}).status_code == 302
    assert Attendance.objects.get().code == "present"


def test_one_tap_with_htmx_swaps_the_pupils_row(client, own_slot, tutor):
    (enrolment,) = class_of(own_slot, 1)
    client.force_login(tutor)
    response = client.post(
        mark_url(own_slot),
        {"enrolment": enrolment.public_id, "code": "present", "back": "today"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith("<li")
    assert f'id="row-{enrolment.public_id}"' in html and "Marked: Present" in html
    assert 'aria-pressed="true"' in html


def test_without_javascript_a_mark_is_a_form_post_back_to_the_page(client, own_slot, tutor):
    (enrolment,) = class_of(own_slot, 1)
    client.force_login(tutor)
    response = client.post(
        mark_url(own_slot), {"enrolment": enrolment.public_id, "code": "school", "back": "today"}
    )
    assert response.status_code == 302 and response.url == reverse("tuition:today")
    page = client.get(response.url).content.decode()
    assert f"{enrolment.pupil}: School event." in page and "Marked: School event" in page
    response = client.post(mark_url(own_slot), {"enrolment": enrolment.public_id, "code": "bogus"})
    assert response.url == register_url(own_slot)
    assert "Choose one of the register" in client.get(response.url).content.decode()
    assert Attendance.objects.get().code == "school"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_register_page_takes_the_same_few_queries_for_one_pupil_or_eight(client, tutor):
    small = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(9, 0))
    large = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(13, 0))
    class_of(small, 1)
    for enrolment in class_of(large, 8)[:5]:
        mark_attendance(slot=large, day=today(), enrolment=enrolment, code="present", by=tutor)
    mark_attendance(
        slot=small, day=today(), enrolment=small.placements.get().enrolment, code="absent", by=tutor
    )
    client.force_login(tutor)
    client.get(register_url(small))  # the session's first request settles its own bookkeeping
    one, eight = _queries(client, register_url(small)), _queries(client, register_url(large))
    assert one == eight <= MAX_REGISTER_QUERIES, (one, eight)


def test_today_lists_the_tutors_lessons_in_time_order_in_a_fixed_number_of_queries(client, tutor):
    late = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(14, 0))
    early = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(9, 0))
    someone_elses = slot_teaching_on(today(), tutor=tutor_profile(), starts_at=datetime.time(11, 0))
    class_of(early, 1)
    class_of(someone_elses, 1)
    client.force_login(tutor)
    empty = client.get(reverse("tuition:today")).content.decode()
    assert "0 pupils" in empty and "1 pupil ·" in empty and "No pupils are placed in this lesson." in empty
    assert f'href="{register_url(early)}">Open the register<span class="visually-hidden"> for 09:00' in empty
    fewer = _queries(client, reverse("tuition:today"))
    class_of(late, 6)
    html = client.get(reverse("tuition:today")).content.decode()
    assert html.index("09:00 to 09:30") < html.index("14:00 to 14:30")
    assert "11:00" not in html
    assert _queries(client, reverse("tuition:today")) == fewer


def test_the_tutors_home_is_their_week_in_a_fixed_number_of_queries(client, tutor, own_slot):
    pupils = class_of(own_slot, 2)
    days = past_dates(own_slot)
    assert len(days) >= 2, "today's term has past lessons"
    for enrolment in pupils:  # the first past lesson fully marked; the rest not
        mark_attendance(slot=own_slot, day=days[0], enrolment=enrolment, code="present", by=tutor)
    tutor.staff_profile.instruments.set(
        [
            factories.InstrumentTypeFactory(name="Violin", slug="violin", family="strings"),
            factories.InstrumentTypeFactory(name="Cello", slug="cello", family="strings"),
            factories.InstrumentTypeFactory(name="Flute", slug="flute", family="woodwind"),
        ]
    )
    client.force_login(tutor)
    client.get(reverse("hub:staff-home"))
    fewer = _queries(client, reverse("hub:staff-home"))
    html = client.get(reverse("hub:staff-home")).content.decode()
    assert "Take today's registers" in html
    assert "Instruments you teach: Cello, Violin, Flute." in html  # by family, then name
    timetable = reverse("tuition:tutor-timetable", args=[tutor.staff_profile.public_id])
    assert f'<a href="{timetable}">Your weekly timetable</a>' in html
    assert f"{days[-1]:%a} {days[-1].day} {days[-1]:%b}" in html and "2 of 2 to mark" in html
    week = tutor_week(tutor.staff_profile, today())
    assert [item.day for item in week.unmarked] == days[:0:-1]  # newest first; the marked one is done
    assert [item.unmarked for item in week.unmarked] == [2] * (len(days) - 1)
    assert pupils[0].pupil.last_name in html
    more = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(15, 0))
    class_of(more, 7)
    assert _queries(client, reverse("hub:staff-home")) == fewer


def test_the_tutors_week_and_registers_are_read_in_pinned_queries_however_many_lessons(
    tutor, own_slot, django_assert_num_queries
):
    class_of(own_slot, 2)
    for hour in (11, 13):
        more = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(hour, 0))
        for enrolment in class_of(more, 4):
            mark_attendance(slot=more, day=past_dates(more)[0], enrolment=enrolment, code="present", by=tutor)
    profile = tutor.staff_profile
    # The term, its breaks and closures, slots, the placements with their pupils, marks.
    with django_assert_num_queries(5):
        week = tutor_week(profile, today())
    assert len(week.today) == 3 and week.unmarked
    with django_assert_num_queries(4):  # the term, its breaks and closures, the slots' placements, marks
        term, registers, slots = term_registers(profile, today())
    with django_assert_num_queries(0):
        shown = as_shown(registers, slots)
    oldest = shown[-1]  # the first lesson of the term, at 10:00 the earliest of the day
    assert oldest.url == register_url(own_slot, past_dates(own_slot)[0]) and oldest.pupils == 2
    with django_assert_num_queries(2):  # slots (with the day's term), their pupils with their marks
        registers = lessons_on(profile, today())
    assert [len(register.rows) for register in registers] == [2, 4, 4]


def test_the_home_page_lists_the_newest_registers_to_mark_and_links_to_the_rest(client, tutor):
    slots = [
        slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(hour, 0))
        for hour in (9, 10, 11, 12, 13)
    ]
    for slot in slots:
        class_of(slot, 1)
    past = past_dates(slots[0])
    to_mark = len(slots) * len(past)
    assert to_mark > LATEST, "the test needs more registers to mark than the home page lists"
    client.force_login(tutor)
    html = client.get(reverse("hub:staff-home")).content.decode()
    assert f"Registers not yet marked ({to_mark})" in html
    newest = register_url(slots[-1], past[-1])
    assert f'<a href="{newest}">{past[-1]:%a} {past[-1].day} {past[-1]:%b}, 13:00 ' in html
    assert register_url(slots[0], past[0]) not in html  # the oldest is on the registers list
    assert f"And {to_mark - LATEST} more in" in html and reverse("tuition:register-list") in html
    listed = client.get(reverse("tuition:register-list")).content.decode()
    assert f"{len(slots) * (len(past) + 1)} registers, newest first" in listed


def test_lessons_billed_against_delivered_and_credits_due_in_one_query(
    own_slot, tutor, django_assert_num_queries
):
    enrolment, other = class_of(own_slot, 2)
    days = past_dates(own_slot)
    codes = ["present", "absent", "tutor", "cancelled", "notice"]
    for day, code in zip(days, codes, strict=False):
        mark_attendance(slot=own_slot, day=day, enrolment=enrolment, code=code, by=tutor)
    mark_attendance(slot=own_slot, day=days[0], enrolment=other, code="cancelled", by=tutor)
    term = term_of(own_slot)
    summary = lessons_summary(enrolment, term)
    marked = min(len(days), len(codes))
    lost = sum(1 for code in codes[:marked] if code in ("tutor", "cancelled"))
    assert summary.lessons == len(lesson_dates(own_slot, term))
    assert summary.marked == marked and summary.unmarked == summary.lessons - marked
    assert summary.lost == lost and summary.billable == summary.lessons - lost
    assert summary.delivered == marked - lost
    assert summary.marks[AttendanceCode.PRESENT] == 1
    with django_assert_num_queries(1):
        assert credits_due(term) == {enrolment.pk: lost, other.pk: 1}


def test_a_summary_counts_only_the_days_the_enrolment_runs(own_slot):
    term = term_of(own_slot)
    dates = lesson_dates(own_slot, term)
    (late,) = class_of(own_slot, 1, since=dates[2])
    assert lessons_summary(late, term).lessons == len(dates) - 2


def test_staff_see_an_enrolments_lessons_billed_against_delivered(client, hub_admin, own_slot, tutor):
    (enrolment,) = class_of(own_slot, 1)
    day = past_dates(own_slot)[0]
    mark_attendance(slot=own_slot, day=day, enrolment=enrolment, code="tutor", by=tutor)
    client.force_login(hub_admin)
    url = reverse("tuition:staff-enrolment-register", kwargs={"public_id": enrolment.public_id})
    html = client.get(url).content.decode()
    assert "Lessons billed and delivered" in html and "Lost to the hub (credit due)" in html
    assert f"{day:%a} {day.day} {day:%b %Y}: Tutor absent" in html


@pytest.mark.parametrize("page", ["registers", "timetable"])
def test_a_tutors_registers_and_timetable_take_a_fixed_number_of_queries(client, tutor, own_slot, page):
    url = (
        reverse("tuition:register-list")
        if page == "registers"
        else reverse("tuition:tutor-timetable", kwargs={"public_id": tutor.staff_profile.public_id})
    )
    class_of(own_slot, 1)
    client.force_login(tutor)
    client.get(url)
    fewer = _queries(client, url)
    for hour in (11, 13, 15):
        more = slot_teaching_on(today(), tutor=tutor.staff_profile, starts_at=datetime.time(hour, 0))
        for enrolment in class_of(more, 5):
            mark_attendance(slot=more, day=past_dates(more)[0], enrolment=enrolment, code="present", by=tutor)
    assert _queries(client, url) == fewer <= 14


def test_a_tutors_registers_come_a_page_at_a_time_newest_first_counting_those_to_mark(
    client, tutor, own_slot, monkeypatch
):
    monkeypatch.setattr("tuition.views.registers.REGISTERS_PER_PAGE", 2)
    class_of(own_slot, 1)
    days = [day for day in lesson_dates(own_slot, term_of(own_slot)) if day <= today()]
    assert len(days) >= 3, "the test needs three lessons so far this term"
    client.force_login(tutor)
    url = reverse("tuition:register-list")
    first = client.get(url).content.decode()
    pages = -(-len(days) // 2)
    assert f"{len(days)} registers, newest first; {len(days)} with pupils still to mark." in first
    assert f"Page 1 of {pages}" in first and f"{days[-1]:%a} {days[-1].day} {days[-1]:%b}" in first
    last = client.get(url, {"page": pages}).content.decode()
    assert f"{days[0]:%a} {days[0].day} {days[0]:%b}" in last


def test_a_register_row_escapes_the_pupils_name_and_presses_their_mark():
    """Rows are written in Python: what a template escaped, register_row_html must escape."""
    pupil = SimpleNamespace(first_name="Ann", last_name="O'Neill<b>")
    placement = SimpleNamespace(enrolment=SimpleNamespace(pupil=pupil, public_id="e-1"))
    mark = Attendance(code=AttendanceCode.ABSENT)
    html = register_row_html(RegisterRow(placement, mark), "/mark/?a=1&b=2", "today", "tok", "No <way>")  # type: ignore[arg-type]
    assert "O&#x27;Neill&lt;b&gt;" in html and "O'Neill" not in html
    assert "Marked: Absent" in html and 'value="absent" aria-pressed="true"' in html
    assert 'action="/mark/?a=1&amp;b=2"' in html and 'name="back" value="today"' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html and "No &lt;way&gt;" in html
    unmarked = register_row_html(RegisterRow(placement, None), "/mark/", "register", "NOTPROVIDED", None)
    assert (
        "Not marked yet" in unmarked
        and "csrfmiddlewaretoken" not in unmarked
        and 'role="alert"' not in unmarked
    )
