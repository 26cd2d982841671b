"""Overdue hires: beat's weekly job of reminders (the e-mails as written, once a week a hire), and the list
staff chase from."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hub.models import Job
from instruments.models import Hire
from instruments.services.overdue import REMINDER_KIND, start_overdue_reminders
from instruments.tasks import remind_overdue_hires
from schools.models import SchoolContact
from tests import factories
from tests.instrument_factories import InstrumentFactory, class_set, family_hire

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def late(guardian, child, today):
    """Amira's violin, due back ten days ago."""
    return family_hire(
        child,
        guardian,
        InstrumentFactory(asset_tag="VN-0042"),
        out_on=today - 300 * DAY,
        due_back_on=today - 10 * DAY,
    )


def _remind(django_capture_on_commit_callbacks, *, today=None) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        if today is None:
            remind_overdue_hires()
        else:
            start_overdue_reminders(today=today)
    return Job.objects.filter(kind=REMINDER_KIND).order_by("-created_at").first()


def test_beat_runs_the_reminders_weekly_on_the_default_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["instruments-overdue-reminders"]
    assert entry["task"] == "instruments.tasks.remind_overdue_hires"
    assert entry["schedule"] == crontab(day_of_week="monday", hour=9, minute=0)
    assert entry["task"] not in settings.CELERY_TASK_ROUTES  # it only records a job; e-mails go on "mail"


def test_the_guardian_who_pays_is_emailed_about_an_overdue_hire(
    late, guardian, child, today, mailoutbox, django_capture_on_commit_callbacks
):
    job = _remind(django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE and job.created_by is None
    assert job.items.get().detail == f"E-mailed {guardian.user.email}"
    [email] = mailoutbox
    assert email.to == [guardian.user.email]
    due = late.due_back_on
    assert email.subject == (
        f"[{settings.HUB_NAME}] Please return Amira's 3/4 Violin (VN-0042): it was due back on "
        f"{due.day} {due:%B %Y}"
    )
    assert email.body.startswith(f"Dear {guardian.user.get_full_name()},")
    assert (
        f"The 3/4 Violin (VN-0042) that Amira {child.last_name} hires from {settings.HUB_NAME} was due back "
        f"on {due.day} {due:%B %Y}, 10 days ago" in email.body
    )
    assert f"{settings.SITE_URL}/family/" in email.body
    assert settings.HUB_EMAIL in email.body
    late.refresh_from_db()
    assert late.reminded_on == today


def test_a_hire_is_reminded_at_most_once_a_week(late, today, mailoutbox, django_capture_on_commit_callbacks):
    _remind(django_capture_on_commit_callbacks)
    again = _remind(django_capture_on_commit_callbacks)  # beat's task run twice the same day
    assert again.total == 0
    _remind(django_capture_on_commit_callbacks, today=today + 6 * DAY)
    assert len(mailoutbox) == 1
    _remind(django_capture_on_commit_callbacks, today=today + 7 * DAY)
    assert len(mailoutbox) == 2
    assert "17 days ago" in mailoutbox[1].body


def test_a_claimed_reminder_is_not_sent_twice_by_an_item_run_again(
    late, today, mailoutbox, django_capture_on_commit_callbacks
):
    job = _remind(django_capture_on_commit_callbacks)
    # As if the worker died after sending but before recording the item: it is claimed again, and skipped.
    job.items.update(status="failed")
    from hub import jobs

    with django_capture_on_commit_callbacks(execute=True):
        jobs.retry_failed(job=job, by=None)
    assert job.items.get().detail == "Returned, or reminded this week already."
    assert len(mailoutbox) == 1


def test_hires_returned_not_yet_due_or_without_a_date_are_not_reminded(
    guardian, child, today, mailoutbox, django_capture_on_commit_callbacks
):
    family_hire(
        child, guardian, out_on=today - 90 * DAY, due_back_on=today - 5 * DAY, returned_on=today - DAY
    )
    family_hire(child, guardian, out_on=today - 90 * DAY, due_back_on=today)
    family_hire(child, guardian, out_on=today - 90 * DAY, due_back_on=None)
    job = _remind(django_capture_on_commit_callbacks)
    assert job.total == 0 and mailoutbox == []


def test_a_schools_music_lead_is_emailed_once_about_a_class_sets_overdue_instruments(
    school, contact, today, mailoutbox, django_capture_on_commit_callbacks
):
    lead = factories.SchoolContactFactory(
        school=school, role=SchoolContact.Role.MUSIC_LEAD, user__email="music@hillside.example.org"
    )
    loan = class_set(school, 3, out_on=today - 200 * DAY, due_back_on=today - 3 * DAY)
    kept = loan.hires.order_by("pk").last()
    Hire.objects.filter(pk=kept.pk).update(due_back_on=today + 30 * DAY)
    job = _remind(django_capture_on_commit_callbacks)
    assert job.items.get().label == f"Class set at Hillside Primary School ({school.urn})"
    [email] = mailoutbox
    assert email.to == [lead.user.email]  # the music lead, not the bursar
    assert email.subject == f"[{settings.HUB_NAME}] Instruments lent to Hillside Primary School are due back"
    tags = [hire.instrument.asset_tag for hire in loan.hires.order_by("pk")]
    due = today - 3 * DAY
    for tag in tags[:2]:
        assert f"- 3/4 Violin ({tag}), due back on {due.day} {due:%B %Y} (3 days ago)" in email.body
    assert tags[2] not in email.body
    assert set(loan.hires.values_list("reminded_on", flat=True)) == {today, None}


def test_a_school_without_a_music_lead_is_emailed_at_its_ordering_contacts(
    school, contact, today, mailoutbox, django_capture_on_commit_callbacks
):
    class_set(school, 1, out_on=today - 200 * DAY, due_back_on=today - DAY)
    _remind(django_capture_on_commit_callbacks)
    assert [email.to for email in mailoutbox] == [[contact.user.email]]
    assert "1 day ago" in mailoutbox[0].body


def test_staff_list_the_overdue_hires_to_chase_in_a_fixed_number_of_queries(
    client, store, late, guardian, school, today, django_assert_max_num_queries
):
    guardian.phone = "01234 567890"
    guardian.save()
    class_set(school, 2, out_on=today - 200 * DAY, due_back_on=today - 3 * DAY)
    client.force_login(store)
    url = reverse("instruments:overdue-hires")
    with django_assert_max_num_queries(11):
        page = client.get(url).content.decode()
    assert "3 hires overdue on" in page
    assert page.index("VN-0042") < page.index(f"Class set at Hillside Primary School ({school.urn})")
    assert guardian.user.email in page and "01234 567890" in page
    assert "Not yet" in page
    for n in range(30):
        more = factories.PupilFactory(school=school, guardians=[guardian])
        family_hire(more, guardian, out_on=today - 100 * DAY, due_back_on=today - n * DAY - DAY)
    with django_assert_max_num_queries(11):
        assert "33 hires overdue on" in client.get(url).content.decode()


def test_staff_send_the_weeks_reminders_now_and_watch_the_job(
    client, store, late, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(store)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("instruments:overdue-remind"))
    job = Job.objects.get(kind=REMINDER_KIND)
    assert response.url == reverse("hub:job-detail", kwargs={"public_id": job.public_id})
    assert job.created_by == store and len(mailoutbox) == 1
    page = client.get(response.url).content.decode()
    assert "Overdue hire reminders" in page and "VN-0042" in page
    assert job.title in client.get(reverse("instruments:overdue-hires")).content.decode()


def test_a_second_start_while_the_days_job_is_under_way_is_refused(client, store, late, today):
    start_overdue_reminders(today=today)  # not carried out yet: still queued
    client.force_login(store)
    response = client.post(reverse("instruments:overdue-remind"), follow=True)
    assert "is already under way" in response.content.decode()
    assert remind_overdue_hires().startswith(f"Overdue hire reminders, {today:%d/%m/%Y} is already under way")
