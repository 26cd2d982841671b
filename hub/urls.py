from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from hub import job_views, outbox_views
from hub.portal import account_views, calendar_views, views

hub_patterns = (
    [
        path("", views.home, name="home"),
        path("account/", account_views.account, name="account"),
        path("family/", views.family_home, name="family-home"),
        path("family/details/", views.guardian_details, name="guardian-details"),
        path("family/calendar/", calendar_views.family_calendar, name="family-calendar"),
        path("family/calendar/new/", calendar_views.family_calendar_new, name="family-calendar-new"),
        path("family/calendar/stop/", calendar_views.family_calendar_stop, name="family-calendar-stop"),
        path("calendar/<slug:token>.ics", calendar_views.family_feed, name="family-feed"),
        path("staff/", views.staff_home, name="staff-home"),
        path("staff/people/", views.staff_list, name="staff-list"),
        path("staff/people/invite/", views.staff_invite, name="staff-invite"),
        path("staff/people/<uuid:public_id>/", views.staff_edit, name="staff-edit"),
        path("staff/audit/", views.audit_log, name="audit-log"),
        path("staff/jobs/<uuid:public_id>/", job_views.job_detail, name="job-detail"),
        path("staff/jobs/<uuid:public_id>/progress/", job_views.job_progress, name="job-progress"),
        path("staff/jobs/<uuid:public_id>/retry/", job_views.job_retry, name="job-retry"),
        path("staff/emails/failed/", outbox_views.failed_emails, name="failed-emails"),
        path(
            "staff/emails/<uuid:public_id>/retry/", outbox_views.failed_email_retry, name="failed-email-retry"
        ),
        path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
        path("accessibility/", views.accessibility, name="accessibility"),
        path("privacy/", views.privacy, name="privacy"),
    ],
    "hub",
)

admin.site.site_header = "Music hub back office"
# The admin's own form takes a password alone; send everyone through the portal's sign-in and its code.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include(hub_patterns)),
    path("", include("schools.urls")),
    path("", include("tuition.urls")),
    path("", include("instruments.urls")),
    path("", include("ensembles.urls")),
    path("staff/billing/", include("hub.billing.urls")),
    path("family/bills/", include("hub.billing.family_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
