from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hub.admin_access import USER_FLAGS, audit_user_flags, group_names
from hub.audit import record_change
from hub.models import (
    AcademicYear,
    Area,
    AuditEvent,
    ClosureDay,
    FinancialYear,
    Guardian,
    InstrumentType,
    Invitation,
    StaffProfile,
    StaffRole,
    Term,
    TermBreak,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        # Who may sign in and who may reach the back office are audited like a role.
        before = User.objects.filter(pk=obj.pk).values(*USER_FLAGS).first() if change else {}
        super().save_model(request, obj, form, change)
        audit_user_flags(request, obj, before)

    def save_related(self, request, form, formsets, change):
        # Staff roles are groups: a change made here is audited like one made on the staff page.
        user = form.instance
        groups_before = group_names(user) if change else []
        self._save_roles(request, form, formsets, change)
        groups_after = group_names(user)
        if groups_before != groups_after:
            record_change(
                actor=request.user,
                instance=user,
                action=AuditEvent.Action.UPDATED,
                before={"groups": groups_before},
                after={"groups": groups_after},
            )

    def _save_roles(self, request, form, formsets, change):
        user = form.instance
        before = (
            sorted(user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True))
            if change
            else []
        )
        super().save_related(request, form, formsets, change)
        after = sorted(user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True))
        if before != after:
            # Roles are audited against the staff profile, as on the staff page; anyone given a role has one.
            profile = StaffProfile.objects.get_or_create(user=user)[0]
            record_change(
                actor=request.user,
                instance=profile,
                action=AuditEvent.Action.UPDATED,
                before={"roles": before},
                after={"roles": after},
            )


class TermBreakInline(admin.TabularInline):
    model = TermBreak
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "starts_on", "ends_on"]
    list_filter = ["academic_year"]
    inlines = [TermBreakInline]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


class ClosureInline(admin.TabularInline):
    model = ClosureDay
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [TermInline, ClosureInline]


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Guardian)
class GuardianAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "phone"]
    search_fields = ["user__email", "user__last_name", "postcode"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "job_title", "dbs_checked_on"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user"]
    filter_horizontal = ["instruments"]
    raw_id_fields = ["user"]


@admin.register(InstrumentType)
class InstrumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "hireable", "sizes"]
    list_filter = ["family", "hireable"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "role_description", "created_at", "expires_at", "accepted_at"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
