from django.contrib import admin

from hub.audit import record_change, snapshot
from hub.models import AuditEvent
from schools.models import EqualityRecord, Pupil, School, SchoolContact
from schools.services import EQUALITY_FIELDS, PUPIL_FIELDS


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the back office land in the audit trail like those made on the portal's pages."""

    audit_fields: list[str] = []
    audit_sensitive = False

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), self.audit_fields) if change else {}
        super().save_model(request, obj, form, change)
        record_change(
            actor=request.user,
            instance=obj,
            action=AuditEvent.Action.UPDATED if change else AuditEvent.Action.CREATED,
            before=before,
            after=snapshot(obj, self.audit_fields),
            sensitive=self.audit_sensitive,
        )

    def delete_model(self, request, obj):
        record_change(actor=request.user, instance=obj, action=AuditEvent.Action.DELETED)
        super().delete_model(request, obj)


class ContactInline(admin.TabularInline):
    model = SchoolContact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "status", "area", "number_on_roll"]
    list_filter = ["status", "phase", "area"]
    search_fields = ["name", "urn", "postcode"]
    list_select_related = ["area"]
    inlines = [ContactInline]


@admin.register(SchoolContact)
class SchoolContactAdmin(AuditedAdmin):
    list_display = ["user", "school", "role", "can_order"]
    list_filter = ["role", "can_order"]
    search_fields = ["user__email", "school__name", "school__urn"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user", "school"]
    audit_fields = ["user", "school", "role", "can_order"]


@admin.register(Pupil)
class PupilAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "school"]
    search_fields = ["last_name", "first_name", "school__name"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]
    filter_horizontal = ["guardians"]
    audit_fields = PUPIL_FIELDS


@admin.register(EqualityRecord)
class EqualityRecordAdmin(AuditedAdmin):
    list_display = ["pupil", "updated_at"]
    raw_id_fields = ["pupil"]
    audit_fields = EQUALITY_FIELDS
    audit_sensitive = True
