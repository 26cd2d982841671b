from django.contrib import admin
from django.db import transaction

from hub.audit import record_change, snapshot
from hub.models import AuditEvent
from schools.models import EqualityRecord, Pupil, School, SchoolContact
from schools.selectors.people import can_see_equality
from schools.services.people import CONTACT_FIELDS, EQUALITY_FIELDS, PUPIL_FIELDS


def _m2m_snapshot(obj, fields: list[str]) -> dict:
    return {name: sorted(str(related) for related in getattr(obj, name).all()) for name in fields}


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the back office land in the audit trail like those made on the portal's pages."""

    audit_fields: list[str] = []
    audit_m2m_fields: list[str] = []
    audit_sensitive = False

    def save_model(self, request, obj, form, change):
        # The "before" is read now; the event is written in save_related, once many-to-many fields are saved.
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            form._audit_before = snapshot(stored, self.audit_fields) | _m2m_snapshot(
                stored, self.audit_m2m_fields
            )
        else:
            form._audit_before = {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record_change(
            actor=request.user,
            instance=obj,
            action=AuditEvent.Action.UPDATED if change else AuditEvent.Action.CREATED,
            before=getattr(form, "_audit_before", {}),
            after=snapshot(obj, self.audit_fields) | _m2m_snapshot(obj, self.audit_m2m_fields),
            sensitive=self.audit_sensitive,
        )

    def delete_model(self, request, obj):
        record_change(actor=request.user, instance=obj, action=AuditEvent.Action.DELETED)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # "Delete selected" skips delete_model, so each row is recorded here.
        for obj in queryset:
            record_change(actor=request.user, instance=obj, action=AuditEvent.Action.DELETED)
        super().delete_queryset(request, queryset)


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

    def save_formset(self, request, form, formset, change):
        """Contacts added, changed or removed on a school's page are audited like those on their own page."""
        if formset.model is not SchoolContact:
            return super().save_formset(request, form, formset, change)
        ids = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
        stored = SchoolContact.objects.select_related("user", "school").in_bulk(ids)
        deleted = [stored[f.instance.pk] for f in formset.deleted_forms if f.instance.pk in stored]
        for contact in deleted:
            record_change(
                actor=request.user,
                instance=contact,
                action=AuditEvent.Action.DELETED,
                before=snapshot(contact, CONTACT_FIELDS),
            )
        super().save_formset(request, form, formset, change)
        for contact in formset.new_objects:
            record_change(
                actor=request.user,
                instance=contact,
                action=AuditEvent.Action.CREATED,
                after=snapshot(contact, CONTACT_FIELDS),
            )
        for contact, _ in formset.changed_objects:
            record_change(
                actor=request.user,
                instance=contact,
                action=AuditEvent.Action.UPDATED,
                before=snapshot(stored[contact.pk], CONTACT_FIELDS),
                after=snapshot(contact, CONTACT_FIELDS),
            )


@admin.register(SchoolContact)
class SchoolContactAdmin(AuditedAdmin):
    list_display = ["user", "school", "role", "can_order"]
    list_filter = ["role", "can_order"]
    search_fields = ["user__email", "school__name", "school__urn"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user", "school"]
    audit_fields = CONTACT_FIELDS


@admin.register(Pupil)
class PupilAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "school"]
    search_fields = ["last_name", "first_name", "school__name"]
    list_select_related = ["school"]
    raw_id_fields = ["school"]
    filter_horizontal = ["guardians"]
    audit_fields = PUPIL_FIELDS
    audit_m2m_fields = ["guardians"]

    def get_deleted_objects(self, objs, request):
        # A pupil's equality record goes with them, even for someone who may not read it.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(EqualityRecord._meta.verbose_name)
        return to_delete, model_count, perms_needed, protected


@admin.register(EqualityRecord)
class EqualityRecordAdmin(AuditedAdmin):
    """Only for people in a group holding the equality permission; being a superuser is not enough."""

    list_display = ["pupil", "updated_at"]
    raw_id_fields = ["pupil"]
    audit_fields = EQUALITY_FIELDS
    audit_sensitive = True

    def has_module_permission(self, request):
        return can_see_equality(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_see_equality(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can_see_equality(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_see_equality(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_see_equality(request.user) and super().has_delete_permission(request, obj)
