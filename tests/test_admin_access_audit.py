"""Equality data goes with the inclusion lead's role alone; groups, permissions and users' flags changed in
the back office leave a trace in the portal's audit trail."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from hub.models import AuditEvent, StaffRole, User
from schools.selectors.people import can_see_equality
from tests import factories
from tests.test_admin_audit import _admin_post_data


def _superuser():
    return factories.make_staff(StaffRole.HUB_ADMIN, is_staff=True, is_superuser=True)


def _equality_permission():
    return Permission.objects.get(content_type__app_label="schools", codename="view_equalityrecord")


def test_the_equality_permission_given_to_another_group_opens_nothing(client, child, hub_admin):
    Group.objects.get(name=StaffRole.HUB_ADMIN).permissions.add(_equality_permission())
    admin = User.objects.get(pk=hub_admin.pk)
    assert not can_see_equality(admin)
    client.force_login(admin)
    page = client.get(reverse("schools:staff-pupil-detail", kwargs={"public_id": child.public_id}))
    assert b"White - British" not in page.content


def test_the_back_office_refuses_the_equality_permission_to_any_group_but_the_inclusion_leads(
    client, staff_groups
):
    group = Group.objects.get(name=StaffRole.HUB_ADMIN)
    client.force_login(_superuser())
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = _admin_post_data(client.get(url))
    data["permissions"] = [*data.get("permissions", []), _equality_permission().pk]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Equality records go with the inclusion lead role alone" in response.content.decode()
    assert not group.permissions.filter(codename="view_equalityrecord").exists()
    assert not AuditEvent.objects.filter(content_type__model="group").exists()


def test_a_groups_new_permissions_are_audited(client, staff_groups):
    group = Group.objects.get(name=StaffRole.FINANCE)
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = _admin_post_data(client.get(url))
    data["permissions"] = [Permission.objects.get(codename="view_term").pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(content_type__model="group", object_id=str(group.pk))
    assert event.actor == superuser
    assert event.changes == {"permissions": [[], ["hub.view_term"]]}


def test_a_users_flags_and_groups_changed_in_the_back_office_are_audited(client, staff_groups):
    person = factories.UserFactory()
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:hub_user_change", args=[person.pk])
    data = _admin_post_data(client.get(url))
    data.update(is_staff="on", is_superuser="on", groups=[Group.objects.get(name=StaffRole.FINANCE).pk])
    data.pop("is_active")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    events = AuditEvent.objects.filter(content_type__model="user", object_id=str(person.pk), actor=superuser)
    changes = {}
    for event in events:
        changes |= event.changes
    assert changes == {
        "is_active": [True, False],
        "is_staff": [False, True],
        "is_superuser": [False, True],
        "groups": [[], ["Finance"]],
    }
