"""Remissions: a family applies for a child and a year, staff decide, the family is told; an award holds for
its year alone; beat reminds families to apply again; staff keep the categories."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.audit import MASKED
from hub.billing.models import Activity, RemissionCategory
from hub.billing.remissions import price_fee
from hub.models import AuditEvent
from schools.errors import RemissionError
from schools.models import RemissionAward
from schools.selectors.remissions import approved_categories
from schools.services import remissions as services
from tests import factories
from tests.tuition_factories import RemissionAwardFactory, RemissionCategoryFactory

EVIDENCE = "Letter from Hillside Primary confirming free school meals, dated 4 September 2026"


@pytest.fixture
def fsm(db):
    return RemissionCategoryFactory(evidence_needed="A letter from the school")


@pytest.fixture
def next_year(year):
    return factories.make_academic_year(2027)


def _apply(child, category, year, by, evidence=EVIDENCE):
    return services.apply_for_remission(
        pupil=child, category=category, academic_year=year, evidence=evidence, by=by
    )


def _apply_url(pupil):
    return reverse("schools:remission-apply", kwargs={"public_id": pupil.public_id})


# --- Applying ------------------------------------------------------------------------------------------


def test_a_parent_applies_and_the_trail_says_which_fields_not_the_evidence_or_the_kind_of_help(
    year, child, guardian, fsm
):
    award = _apply(child, fsm, year, guardian.user)
    assert award.status == RemissionAward.Status.PENDING and award.applied_by == guardian.user
    event = AuditEvent.objects.get(object_id=str(award.pk), action=AuditEvent.Action.CREATED)
    assert event.changes["evidence"] == [MASKED, MASKED]
    assert event.changes["category"] == [MASKED, MASKED]
    assert event.changes["academic_year"] == [None, "2026/27"]
    assert "school meals" not in event.object_repr.lower() and "Amira" in event.object_repr
    assert "Hillside" not in str(event.changes)


def test_a_second_live_application_for_the_same_child_kind_and_year_is_refused_with_a_message(
    client, year, child, guardian, fsm
):
    _apply(child, fsm, year, guardian.user)
    with pytest.raises(
        RemissionError, match="Amira already has Free school meals or pupil premium for 2026/27"
    ):
        _apply(child, fsm, year, guardian.user)
    # From the page: the message is next to the kind of help, and nothing more is saved.
    client.force_login(guardian.user)
    response = client.post(
        _apply_url(child), {"category": fsm.pk, "academic_year": year.pk, "evidence": EVIDENCE}
    )
    assert response.status_code == 200
    assert "already has Free school meals" in response.context["form"].errors["category"][0]
    assert RemissionAward.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_application_is_saved_once_and_the_second_gets_the_message(
    year, child, guardian, fsm
):
    results, barrier = [], threading.Barrier(2)

    def apply():
        barrier.wait()
        try:
            _apply(child, fsm, year, guardian.user)
            results.append("applied")
        except RemissionError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [
        "Amira already has Free school meals or pupil premium for 2026/27, or an application for it waiting "
        "for a decision.",
        "applied",
    ]
    assert RemissionAward.objects.count() == 1


def test_a_declined_application_leaves_the_way_open_to_apply_again(year, child, guardian, fsm, finance):
    award = _apply(child, fsm, year, guardian.user)
    services.decide_remission(award=award, approve=False, note="The letter was not attached.", by=finance)
    assert _apply(child, fsm, year, guardian.user).status == RemissionAward.Status.PENDING


def test_a_family_applies_for_this_year_or_the_next_once_it_exists_and_for_no_other(
    client, year, child, guardian, fsm
):
    client.force_login(guardian.user)
    page = client.get(_apply_url(child))
    assert list(page.context["form"].fields["academic_year"].queryset) == [year]
    following = factories.make_academic_year(2027)
    later = factories.make_academic_year(2028)
    page = client.get(_apply_url(child))
    assert list(page.context["form"].fields["academic_year"].queryset) == [year, following]
    assert _apply(child, fsm, following, guardian.user).academic_year == following
    past = factories.make_academic_year(2025)  # ended: no help can be given for it now
    with pytest.raises(RemissionError, match="You can apply for 2026/27 or 2027/28.") as refused:
        _apply(child, fsm, later, guardian.user)
    assert refused.value.field == "academic_year"
    with pytest.raises(RemissionError, match="You can apply for 2026/27 or 2027/28."):
        _apply(child, fsm, past, guardian.user)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"evidence": "   "},
            "evidence",
            "Describe the evidence you can show, e.g. a letter from the school.",
        ),
        ({"evidence": ""}, "evidence", "Describe the evidence you can show, e.g. a letter from the school."),
        ({"category": ""}, "category", "Choose the kind of help you are applying for."),
        ({"category": "closed"}, "category", "Select a valid choice."),
        ({"academic_year": "99999"}, "academic_year", "Select a valid choice."),
    ],
)
def test_bad_applications_are_explained_next_to_the_field_and_nothing_is_saved(
    client, year, child, guardian, fsm, data, field, message
):
    closed = RemissionCategoryFactory(name="Discretionary", reason="discretionary", is_active=False)
    posted = {"category": fsm.pk, "academic_year": year.pk, "evidence": EVIDENCE, **data}
    if posted["category"] == "closed":
        posted["category"] = closed.pk
    client.force_login(guardian.user)
    response = client.post(_apply_url(child), posted)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert b"<title>Error: " in response.content
    assert not RemissionAward.objects.exists()


def test_the_service_refuses_a_closed_category_and_another_familys_child(
    year, child, other_child, guardian, fsm
):
    closed = RemissionCategoryFactory(name="Discretionary", reason="discretionary", is_active=False)
    with pytest.raises(RemissionError, match="no longer offers"):
        _apply(child, closed, year, guardian.user)
    with pytest.raises(RemissionError, match="Only the child's parent or carer"):
        _apply(other_child, fsm, year, guardian.user)
    assert not RemissionAward.objects.exists()


def test_applying_for_another_familys_child_answers_404_and_saves_nothing(
    client, year, other_child, guardian, fsm
):
    client.force_login(guardian.user)
    posted = {"category": fsm.pk, "academic_year": year.pk, "evidence": EVIDENCE}
    assert client.post(_apply_url(other_child), posted).status_code == 404
    assert not RemissionAward.objects.exists()


# --- Deciding ------------------------------------------------------------------------------------------


def _decide(client, award, data):
    return client.post(reverse("schools:remission-detail", kwargs={"public_id": award.public_id}), data)


def test_staff_approve_and_the_family_is_emailed_by_name_with_the_hub_and_an_absolute_link(
    client, settings, year, child, guardian, fsm, finance, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.music-hub.example"
    award = _apply(child, fsm, year, guardian.user)
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, award, {"decision": "approve", "note": "Welcome to lessons."})
    assert response.status_code == 302 and response.url == reverse("schools:remission-queue")
    award.refresh_from_db()
    assert (award.status, award.decided_by, award.decision_note) == (
        "approved",
        finance,
        "Welcome to lessons.",
    )
    [mail] = mailoutbox
    assert mail.to == [guardian.user.email]
    assert mail.subject == "[Northshire Music Hub] Help with Amira's fees for 2026/27 is approved"
    assert mail.body.startswith(f"Dear {guardian.user.get_full_name()},")
    assert (
        "Northshire Music Hub has approved your application for Free school meals or pupil premium"
        in mail.body
    )
    assert "100% off: lessons, instrument hire and ensembles" in mail.body
    assert f"https://portal.music-hub.example/family/children/{child.public_id}/" in mail.body
    html = mail.alternatives[0][0]
    assert f'href="https://portal.music-hub.example/family/children/{child.public_id}/"' in html
    event = AuditEvent.objects.get(object_id=str(award.pk), action=AuditEvent.Action.UPDATED)
    assert event.changes["status"] == ["pending", "approved"]
    assert event.changes["decision_note"] == [MASKED, MASKED]
    assert event.actor == finance


def test_declining_needs_a_note_for_the_family_and_deciding_twice_is_refused(
    client, year, child, guardian, fsm, hub_admin, mailoutbox, django_capture_on_commit_callbacks
):
    award = _apply(child, fsm, year, guardian.user)
    client.force_login(hub_admin)
    response = _decide(client, award, {"decision": "decline", "note": " "})
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == [
        "Say why the application is declined: the family is told."
    ]
    response = _decide(client, award, {"note": "No"})
    assert response.context["form"].errors["decision"] == ["Choose whether to approve or decline."]
    award.refresh_from_db()
    assert award.status == "pending" and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, award, {"decision": "decline", "note": "We need the school's letter."})
    assert "We need the school's letter." in mailoutbox[0].body
    assert "/remissions/apply/" in mailoutbox[0].body
    # Another member of staff, on a page opened before: told it is decided, and nothing changes.
    with pytest.raises(RemissionError, match="decided already: declined"):
        services.decide_remission(award=award, approve=True, note="", by=hub_admin)
    award.refresh_from_db()
    assert award.status == "declined" and len(mailoutbox) == 1


# --- An award holds for its year -----------------------------------------------------------------------


def test_an_award_approved_for_one_year_takes_nothing_off_another_years_fee(year, next_year, child, fsm):
    RemissionAwardFactory(pupil=child, category=fsm, academic_year=year)
    fee = Decimal("150.00")
    this_year = price_fee(fee=fee, activity=Activity.LESSONS, categories=approved_categories(child, year))
    assert this_year.to_pay == Decimal("0.00")
    other = price_fee(fee=fee, activity=Activity.LESSONS, categories=approved_categories(child, next_year))
    assert approved_categories(child, next_year) == []
    assert other.to_pay == fee and other.reductions == ()


def test_a_pending_or_declined_award_takes_nothing_off(year, child, fsm):
    RemissionAwardFactory(pupil=child, category=fsm, academic_year=year, status="pending", decided_at=None)
    assert approved_categories(child, year) == []


def test_the_family_pages_show_each_remission_with_its_year_and_status(
    client, year, next_year, child, guardian, fsm
):
    RemissionAwardFactory(pupil=child, category=fsm, academic_year=year)
    low_income = RemissionCategoryFactory(name="Low household income", reason="low_income", percent=50)
    _apply(child, low_income, next_year, guardian.user)
    client.force_login(guardian.user)
    for url in (reverse("hub:family-home"), reverse("schools:child-detail", args=[child.public_id])):
        page = client.get(url).content.decode()
        assert "Free school meals or pupil premium, 2026/27" in page
        assert "Low household income, 2027/28" in page
        assert "Approved" in page and "Waiting for a decision" in page
        assert "Apply for help with fees" in page and _apply_url(child) in page


# --- The reminder to apply again -----------------------------------------------------------------------


def test_families_are_reminded_once_from_the_set_weeks_before_the_year_ends(
    settings, year, next_year, child, guardian, fsm, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMISSION_REMINDER_WEEKS = 6
    settings.SITE_URL = "https://portal.music-hub.example"
    award = RemissionAwardFactory(pupil=child, category=fsm, academic_year=year)
    # Someone who applied for next year already, and an award of next year, are not reminded.
    applied = factories.PupilFactory(first_name="Zara", guardians=[guardian])
    RemissionAwardFactory(pupil=applied, category=fsm, academic_year=year)
    RemissionAwardFactory(
        pupil=applied, category=fsm, academic_year=next_year, status="pending", decided_at=None
    )
    window_opens = year.ends_on - datetime.timedelta(weeks=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_to_reapply(today=window_opens - datetime.timedelta(days=1)) == 0
        assert services.remind_to_reapply(today=window_opens) == 1
        assert services.remind_to_reapply(today=window_opens + datetime.timedelta(days=1)) == 0
    award.refresh_from_db()
    assert award.reminded_at is not None
    [mail] = mailoutbox
    assert mail.to == [guardian.user.email]
    assert mail.subject == "[Northshire Music Hub] Apply again for help with fees for 2027/28"
    assert mail.body.startswith(f"Dear {guardian.user.get_full_name()},")
    assert "This help ends with the 2026/27 year, on 31 August 2027:" in mail.body
    assert f"Amira {child.last_name}: Free school meals or pupil premium." in mail.body
    assert (
        f"https://portal.music-hub.example/family/children/{child.public_id}/remissions/apply/" in mail.body
    )
    assert "Zara" not in mail.body
    assert "Northshire Music Hub" in mail.body


def test_no_reminder_until_the_hub_has_set_up_the_next_year(settings, year, child, fsm, mailoutbox):
    RemissionAwardFactory(pupil=child, category=fsm, academic_year=year)
    assert services.remind_to_reapply(today=year.ends_on - datetime.timedelta(days=3)) == 0
    assert RemissionAward.objects.get().reminded_at is None


def test_beats_task_reminds_on_the_day_it_runs(
    settings, year, next_year, child, fsm, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    from schools import tasks

    RemissionAwardFactory(pupil=child, category=fsm, academic_year=year)
    monkeypatch.setattr(timezone, "localdate", lambda: year.ends_on - datetime.timedelta(weeks=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_to_reapply.delay().get() == 1
    assert len(mailoutbox) == 1
    assert settings.CELERY_BEAT_SCHEDULE["remission-reminders"]["task"] == "schools.tasks.remind_to_reapply"


# --- Categories ----------------------------------------------------------------------------------------

CATEGORY = {
    "name": "Low household income",
    "reason": "low_income",
    "kind": "percent",
    "percent": "50",
    "amount": "",
    "cap_per_term": "80.00",
    "covers_lessons": "on",
    "covers_hire": "on",
    "evidence_needed": "A Universal Credit statement",
    "is_active": "on",
}


def test_staff_add_a_capped_percentage_category_and_change_it_to_a_sum(client, finance):
    client.force_login(finance)
    response = client.post(reverse("schools:remission-category-add"), {**CATEGORY, "amount": "12.00"})
    assert response.status_code == 302
    category = RemissionCategory.objects.get()
    assert (category.percent, category.amount, category.cap_per_term) == (Decimal("50"), None, Decimal("80"))
    assert (category.covers_lessons, category.covers_hire, category.covers_ensembles) == (True, True, False)
    edit = reverse("schools:remission-category-edit", args=[category.pk])
    assert client.get(edit).context["form"]["kind"].value() == "percent"
    response = client.post(edit, {**CATEGORY, "kind": "amount", "amount": "40.00", "cap_per_term": ""})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.percent, category.amount, category.cap_per_term) == (None, Decimal("40.00"), None)
    change = AuditEvent.objects.get(object_id=str(category.pk), action=AuditEvent.Action.UPDATED)
    assert change.changes["amount"] == [None, "40.00"] and change.changes["percent"] == ["50.00", None]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose a percentage or a sum off."),
        ({"percent": ""}, "percent", "Give the percentage off."),
        ({"percent": "101"}, "percent", "Give a percentage of no more than 100."),
        ({"percent": "0"}, "percent", "Give a percentage of more than 0."),
        ({"kind": "amount", "amount": ""}, "amount", "Give the sum off a term."),
        ({"kind": "amount", "amount": "-5"}, "amount", "Give a sum of at least £0.01."),
        ({"cap_per_term": "0"}, "cap_per_term", "Give a sum of at least £0.01."),
        ({"covers_lessons": "", "covers_hire": ""}, "covers_lessons", "Choose at least one thing it covers."),
        ({"name": "Free school meals or pupil premium"}, "name", "already exists"),
    ],
)
def test_bad_categories_are_explained_next_to_the_field_and_nothing_is_saved(
    client, hub_admin, fsm, data, field, message
):
    client.force_login(hub_admin)
    posted = {key: value for key, value in {**CATEGORY, **data}.items() if value != ""}
    response = client.post(reverse("schools:remission-category-add"), posted)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert RemissionCategory.objects.count() == 1


# --- Query counts --------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _applications(n, year, category):
    for _ in range(n):
        guardian = factories.GuardianFactory()
        child = factories.PupilFactory(school=factories.SchoolFactory(), guardians=[guardian])
        RemissionAwardFactory(
            pupil=child,
            category=category,
            academic_year=year,
            status="pending",
            decided_at=None,
            applied_by=guardian.user,
        )


def test_the_queue_and_the_categories_cost_the_same_whatever_their_length(
    client, year, fsm, finance, django_assert_max_num_queries
):
    client.force_login(finance)
    _applications(2, year, fsm)
    urls = [reverse("schools:remission-queue"), reverse("schools:remission-category-list")]
    few = [_queries(client, url) for url in urls]
    _applications(25, year, fsm)
    for index in range(5):
        RemissionCategoryFactory(
            name=f"Discretionary {index}", reason="discretionary", amount=10, percent=None
        )
    assert [_queries(client, url) for url in urls] == few
    for url in urls:
        with django_assert_max_num_queries(10):
            client.get(url)
    page = client.get(urls[0]).content.decode()
    assert "27 applications waiting for a decision, oldest first." in page


def test_the_queue_is_paginated_and_filters_by_status(client, year, fsm, finance):
    _applications(51, year, fsm)
    RemissionAwardFactory(category=fsm, academic_year=year)
    client.force_login(finance)
    page = client.get(reverse("schools:remission-queue"))
    assert len(page.context["page"].object_list) == 50 and page.context["page"].paginator.count == 51
    approved = client.get(reverse("schools:remission-queue"), {"status": "approved"})
    assert approved.context["page"].paginator.count == 1
    assert (
        client.get(reverse("schools:remission-queue"), {"status": ""}).context["page"].paginator.count == 52
    )


def test_the_staff_home_counts_the_applications_to_decide_for_finance_and_the_hub_admin(
    client, year, fsm, finance, hub_admin
):
    _applications(3, year, fsm)
    RemissionAwardFactory(category=fsm, academic_year=year)  # approved: nothing to decide
    for user in (finance, hub_admin):
        client.force_login(user)
        page = client.get(reverse("hub:staff-home"))
        figures = page.context["figures"]
        assert figures[user.groups.get().name]["remissions_to_decide"] == 3
        assert (
            f'href="{reverse("schools:remission-queue")}">Remission applications</a>' in page.content.decode()
        )
