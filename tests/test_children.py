"""Guardians adding and changing their children; the audit trail of those changes."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hub.audit import MASKED
from hub.models import AuditEvent
from schools.forms import people as people_forms
from schools.models import EqualityRecord, Pupil
from schools.services import people as people_services


def _child_data(chosen_school, **overrides):
    data = {
        "first_name": "Maya",
        "last_name": "Ng",
        "date_of_birth": "2015-10-01",
        "school": f"{chosen_school.name} ({chosen_school.urn})",
        "eq-gender": "",
        "eq-ethnicity": "",
        "eq-send": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_child_born_more_than_25_years_ago_is_refused(client, guardian, school):
    client.force_login(guardian.user)
    response = client.post(reverse("schools:child-add"), _child_data(school, date_of_birth="1990-01-01"))
    assert "The hub works with children and young people under 25." in response.content.decode()
    assert not Pupil.objects.exists()


def test_a_school_outside_the_register_needs_its_name(client, guardian, school):
    client.force_login(guardian.user)
    url = reverse("schools:child-add")
    response = client.post(url, _child_data(school, school=None, school_not_listed="on"))
    assert "Give the name of your child&#x27;s school" in response.content.decode()
    assert not Pupil.objects.exists()
    response = client.post(
        url, _child_data(school, school=None, school_not_listed="on", other_school_name="Home educated")
    )
    assert response.status_code == 302
    assert Pupil.objects.get().school_name == "Home educated"


def test_a_school_id_that_is_not_in_the_register_is_refused(client, guardian, school):
    client.force_login(guardian.user)
    response = client.post(reverse("schools:child-add"), _child_data(school, school="Nowhere (999999)"))
    assert "No school in the register matches “Nowhere (999999)”" in response.content.decode()
    assert not Pupil.objects.exists()


def test_equality_data_is_optional_and_its_audit_entry_hides_the_values(client, guardian, school):
    client.force_login(guardian.user)
    client.post(reverse("schools:child-add"), _child_data(school))
    child = Pupil.objects.get()
    assert not EqualityRecord.objects.exists()

    client.post(
        reverse("schools:child-edit", kwargs={"public_id": child.public_id}),
        _child_data(school, **{"eq-ethnicity": "BAFR", "eq-send": "K"}),
    )
    record = EqualityRecord.objects.get(pupil=child)
    assert (record.ethnicity, record.send) == ("BAFR", "K")
    event = AuditEvent.objects.filter(
        object_id=str(record.pk), content_type__model="equalityrecord", action="created"
    ).get()
    assert event.changes["ethnicity"] == [MASKED, MASKED]
    assert "BAFR" not in str(event.changes)


def test_changing_a_child_records_who_changed_what(client, guardian, child, school, other_school):
    client.force_login(guardian.user)
    response = client.post(
        reverse("schools:child-edit", kwargs={"public_id": child.public_id}),
        _child_data(
            other_school,
            first_name=child.first_name,
            last_name=child.last_name,
            date_of_birth=str(child.date_of_birth),
        ),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_id=str(child.pk), content_type__model="pupil", action="updated")
    assert event.actor == guardian.user
    assert event.changes == {"school": [str(school), str(other_school)]}


def test_a_guardian_cannot_change_another_familys_child(client, guardian, other_child, school):
    client.force_login(guardian.user)
    url = reverse("schools:child-edit", kwargs={"public_id": other_child.public_id})
    response = client.post(url, _child_data(school, first_name="Hacked"))
    assert response.status_code == 404
    other_child.refresh_from_db()
    assert other_child.first_name != "Hacked"


def test_removing_equality_answers_deletes_the_record(client, guardian, child, school):
    client.force_login(guardian.user)
    client.post(
        reverse("schools:child-edit", kwargs={"public_id": child.public_id}),
        _child_data(school, first_name=child.first_name, last_name=child.last_name),
    )
    assert not EqualityRecord.objects.filter(pupil=child).exists()
    assert AuditEvent.objects.filter(action="deleted").count() == 1


def test_guardian_details_are_saved_with_a_tidy_postcode(client, guardian):
    client.force_login(guardian.user)
    response = client.post(
        reverse("hub:guardian-details"),
        {
            "first_name": "Pat",
            "last_name": "Jones",
            "phone": "07700 900123",
            "address_line_1": "2 Mill Lane",
            "address_line_2": "",
            "town": "Ashby",
            "postcode": " ns1 2ab ",
        },
    )
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.postcode == "NS1 2AB" and guardian.user.last_name == "Jones"


def test_the_database_refuses_a_pupil_with_two_schools_or_none(db, school):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pupil.objects.create(first_name="A", last_name="B", date_of_birth=datetime.date(2015, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Pupil.objects.create(
            first_name="A",
            last_name="B",
            date_of_birth=datetime.date(2015, 1, 1),
            school=school,
            other_school_name="Elsewhere",
        )


def test_a_double_submitted_child_is_added_once(client, guardian, school):
    client.force_login(guardian.user)
    first = client.post(reverse("schools:child-add"), _child_data(school))
    second = client.post(reverse("schools:child-add"), _child_data(school, first_name=" maya "))
    assert first.status_code == 302
    assert "maya Ng is already on your account." in second.content.decode()
    assert Pupil.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_adding_the_same_child_at_once_add_it_once(school):
    import threading

    from django.db import connection

    from schools.errors import SchoolsError
    from schools.services.people import add_child
    from tests.factories import GuardianFactory

    guardian = GuardianFactory()
    data = {
        "first_name": "Maya",
        "last_name": "Ng",
        "date_of_birth": datetime.date(2015, 10, 1),
        "school": school,
        "other_school_name": "",
    }
    results, barrier = [], threading.Barrier(2)

    def add():
        barrier.wait()
        try:
            add_child(guardian=guardian, data=data, equality=None, by=guardian.user)
            results.append("added")
        except SchoolsError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["added", "refused"]
    assert Pupil.objects.count() == 1


def test_the_age_limit_works_on_29_february(guardian, school, monkeypatch):
    monkeypatch.setattr(people_forms.timezone, "localdate", lambda: datetime.date(2028, 2, 29))
    data = _child_data(school, date_of_birth="2020-02-29")
    assert people_forms.ChildForm(data).is_valid()
    # 25 years before a leap day is the 28th; a day earlier than that is more than 25 years ago.
    assert people_forms.ChildForm(_child_data(school, date_of_birth="2003-02-28")).is_valid()
    too_old = people_forms.ChildForm(_child_data(school, date_of_birth="2003-02-27"))
    assert not too_old.is_valid()
    assert "under 25" in too_old.errors["date_of_birth"][0]


def test_a_date_of_birth_in_the_future_is_refused(guardian, school, monkeypatch):
    monkeypatch.setattr(people_forms.timezone, "localdate", lambda: datetime.date(2026, 11, 22))
    form = people_forms.ChildForm(_child_data(school, date_of_birth="2026-11-23"))
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["The date of birth cannot be in the future."]
    assert people_forms.ChildForm(_child_data(school, date_of_birth="2026-11-22")).is_valid()


def test_a_failure_saving_equality_data_leaves_the_child_unchanged(guardian, child, school, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(people_services, "save_equality", broken)
    data = {
        "first_name": "Amara",
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth,
        "school": school,
        "other_school_name": "",
    }
    with pytest.raises(RuntimeError):
        people_services.update_child(pupil=child, data=data, equality={"gender": "F"}, by=guardian.user)
    child.refresh_from_db()
    assert child.first_name == "Amira"
    assert not AuditEvent.objects.filter(content_type__model="pupil").exists()


def test_equality_answers_can_be_left_not_given(client, guardian, school):
    client.force_login(guardian.user)
    form = client.get(reverse("schools:child-add")).content.decode()
    assert '<option value="unknown" selected>Not given</option>' in form
    response = client.post(
        reverse("schools:child-add"),
        _child_data(school, **{"eq-free_school_meals": "true", "eq-young_carer": "false"}),
    )
    record = EqualityRecord.objects.get()
    assert record.free_school_meals is True and record.young_carer is False
    assert record.pupil_premium is None and record.looked_after is None
    page = client.get(response.url).content.decode()
    assert 'Pupil premium</dt><dd class="col-sm-8">Not given' in page
    assert 'Young carer</dt><dd class="col-sm-8">No<' in page


def test_equality_answers_all_not_given_make_no_record(client, guardian, school):
    client.force_login(guardian.user)
    answers = {f"eq-{name}": "unknown" for name in ["free_school_meals", "pupil_premium", "young_carer"]}
    client.post(reverse("schools:child-add"), _child_data(school, **answers))
    assert Pupil.objects.exists() and not EqualityRecord.objects.exists()


def test_inclusion_figures_count_only_yes_answers(child, other_child):
    from hub.portal.dashboard import inclusion_figures

    EqualityRecord.objects.filter(pupil=child).update(free_school_meals=None, looked_after=True)
    EqualityRecord.objects.create(pupil=other_child, free_school_meals=True, looked_after=False)
    figures = inclusion_figures()
    assert (figures["with_record"], figures["fsm"], figures["looked_after"]) == (2, 1, 1)
