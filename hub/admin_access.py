"""The back office's access screens: groups and users' flags, audited, and equality kept to its one role."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group

from hub.audit import record_change
from hub.models import AuditEvent, StaffRole

# schools.EqualityRecord (special category data about children): its permissions go with one role only.
EQUALITY_MODEL = ("schools", "equalityrecord")
USER_FLAGS = ["is_active", "is_staff", "is_superuser"]


def permission_names(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def group_names(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True)) if user.pk else []


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def clean(self):
        cleaned = super().clean()
        equality = [
            p for p in cleaned.get("permissions") or [] if p.content_type.natural_key() == EQUALITY_MODEL
        ]
        if equality and cleaned.get("name") != StaffRole.INCLUSION_LEAD:
            self.add_error(
                "permissions",
                f"Equality records go with the {StaffRole.INCLUSION_LEAD.label.lower()} role alone. "
                f"Give that role to the person instead of this permission to the group.",
            )
        return cleaned


class AuditedGroupAdmin(BaseGroupAdmin):
    """Groups are staff roles: who may do what is audited, and equality data cannot be handed round."""

    form = GroupForm

    def save_model(self, request, obj, form, change):
        before = Group.objects.get(pk=obj.pk) if change else None
        obj._audit_before = (
            {"name": before.name, "permissions": permission_names(before.permissions.all())} if before else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        group = form.instance
        record_change(
            actor=request.user,
            instance=group,
            action=AuditEvent.Action.UPDATED if change else AuditEvent.Action.CREATED,
            before=group._audit_before,
            after={"name": group.name, "permissions": permission_names(group.permissions.all())},
        )

    def delete_model(self, request, obj):
        record_change(
            actor=request.user,
            instance=obj,
            action=AuditEvent.Action.DELETED,
            before={"name": obj.name, "permissions": permission_names(obj.permissions.all())},
        )
        super().delete_model(request, obj)


def audit_user_flags(request, user, before: dict) -> None:
    """One event for a change to a user's is_active, is_staff or is_superuser made in the back office."""
    record_change(
        actor=request.user,
        instance=user,
        action=AuditEvent.Action.UPDATED if before else AuditEvent.Action.CREATED,
        before=before,
        after={name: getattr(user, name) for name in USER_FLAGS},
    )


admin.site.unregister(Group)
admin.site.register(Group, AuditedGroupAdmin)
