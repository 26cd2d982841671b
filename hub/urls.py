from django.contrib import admin
from django.urls import include, path

from hub import views

hub_patterns = (
    [
        path("", views.home, name="home"),
        path("family/", views.family_home, name="family-home"),
        path("family/details/", views.guardian_details, name="guardian-details"),
        path("staff/", views.staff_home, name="staff-home"),
        path("staff/people/", views.staff_list, name="staff-list"),
        path("staff/people/invite/", views.staff_invite, name="staff-invite"),
        path("staff/people/<uuid:public_id>/", views.staff_edit, name="staff-edit"),
        path("staff/audit/", views.audit_log, name="audit-log"),
        path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
        path("accessibility/", views.accessibility, name="accessibility"),
        path("privacy/", views.privacy, name="privacy"),
    ],
    "hub",
)

admin.site.site_header = "Music hub back office"

urlpatterns = [
    path("", include(hub_patterns)),
    path("", include("schools.urls")),
    path("staff/billing/", include("hub.billing.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
