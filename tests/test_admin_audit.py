"""The back office is a convenience for staff, not a way around the audit trail."""

from django.contrib.auth.models import Group
from django.forms import MultiWidget
from django.urls import reverse

from hub.models import AuditEvent, StaffProfile, StaffRole
from schools.models import EqualityRecord, Pupil, SchoolContact
from tests import factories


def _superuser():
    return factories.make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)


def _values(form) -> dict:
    """What a browser would post back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if value is None or field.disabled:
            continue
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            data |= {f"{bound.html_name}_{i}": part for i, part in enumerate(parts) if part is not None}
        else:
            data[bound.html_name] = value
    return data


def _admin_post_data(response) -> dict:
    data = _values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _values(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= _values(form)
    return data


def test_changing_a_pupil_in_the_back_office_is_audited(client, child, staff_groups):
    superuser = factories.make_staff("Hub admin", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:schools_pupil_change", args=[child.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(first_name="Amara", guardians=[g.pk for g in child.guardians.all()])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(content_type__model="pupil", object_id=str(child.pk))
    assert event.actor == superuser
    assert event.changes == {"first_name": ["Amira", "Amara"]}


def test_audit_events_cannot_be_changed_or_deleted_in_the_back_office(client, staff_groups, child):
    superuser = factories.make_staff("Hub admin", is_staff=True, is_superuser=True)
    event = AuditEvent.objects.create(
        actor=superuser, action="updated", content_type_id=1, object_id="1", object_repr="x", changes={}
    )
    client.force_login(superuser)
    assert (
        client.post(reverse("admin:hub_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_pupils_in_bulk_in_the_back_office_is_audited(client, child, other_child, staff_groups):
    superuser = _superuser()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:schools_pupil_changelist"),
        {"action": "delete_selected", "_selected_action": [child.pk, other_child.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Pupil.objects.exists()
    events = AuditEvent.objects.filter(content_type__model="pupil", action="deleted")
    assert sorted(e.object_id for e in events) == sorted([str(child.pk), str(other_child.pk)])
    assert all(e.actor == superuser for e in events)


def test_editing_contacts_on_the_school_page_of_the_back_office_is_audited(
    client, school, contact, staff_groups
):
    leaving = factories.SchoolContactFactory(school=school, role="headteacher")
    newcomer = factories.UserFactory()
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = _admin_post_data(client.get(url))
    forms = {f"contacts-{i}-id": i for i in range(2)}
    by_pk = {data[key]: index for key, index in forms.items()}
    data[f"contacts-{by_pk[contact.pk]}-role"] = "music_lead"
    data[f"contacts-{by_pk[leaving.pk]}-DELETE"] = "on"
    data |= {
        "contacts-TOTAL_FORMS": 3,
        "contacts-2-user": newcomer.pk,
        "contacts-2-role": "headteacher",
        "contacts-2-school": school.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    events = {
        e.action: e for e in AuditEvent.objects.filter(content_type__model="schoolcontact", actor=superuser)
    }
    assert events["updated"].object_id == str(contact.pk)
    assert events["updated"].changes == {"role": ["business_manager", "music_lead"]}
    assert events["deleted"].object_id == str(leaving.pk)
    new = SchoolContact.objects.get(user=newcomer)
    assert events["created"].object_id == str(new.pk)


def test_changing_a_pupils_guardians_in_the_back_office_is_audited(
    client, child, guardian, other_guardian, staff_groups
):
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:schools_pupil_change", args=[child.pk])
    data = _admin_post_data(client.get(url))
    data["guardians"] = [guardian.pk, other_guardian.pk]
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(content_type__model="pupil", object_id=str(child.pk))
    assert event.actor == superuser
    assert event.changes == {"guardians": [[str(guardian)], sorted([str(guardian), str(other_guardian)])]}


def test_roles_given_in_the_back_office_to_someone_with_no_staff_profile_are_audited(client, staff_groups):
    person = factories.UserFactory()
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:hub_user_change", args=[person.pk])
    data = _admin_post_data(client.get(url))
    data["groups"] = [Group.objects.get(name=StaffRole.TUTOR).pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = StaffProfile.objects.get(user=person)
    event = AuditEvent.objects.get(content_type__model="staffprofile", object_id=str(profile.pk))
    assert event.changes == {"roles": [[], ["Tutor"]]} and event.actor == superuser


def test_a_superuser_cannot_open_equality_records_in_the_back_office(client, child, staff_groups):
    record = EqualityRecord.objects.get(pupil=child)
    client.force_login(_superuser())
    assert client.get(reverse("admin:schools_equalityrecord_changelist")).status_code == 403
    assert client.get(reverse("admin:schools_equalityrecord_change", args=[record.pk])).status_code == 403
    assert "Equality records" not in client.get(reverse("admin:index")).content.decode()
    # A pupil can still be deleted, and their equality record goes with them.
    response = client.post(reverse("admin:schools_pupil_delete", args=[child.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not EqualityRecord.objects.exists()

    lead = factories.make_staff(StaffRole.INCLUSION_LEAD, is_staff=True)
    client.force_login(lead)
    assert client.get(reverse("admin:schools_equalityrecord_changelist")).status_code == 200
    assert "Equality records" in client.get(reverse("admin:index")).content.decode()
