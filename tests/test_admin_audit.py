"""The back office is a convenience for staff, not a way around the audit trail."""

from django.urls import reverse

from hub.models import AuditEvent
from tests import factories


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
