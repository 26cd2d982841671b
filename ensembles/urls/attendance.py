from django.urls import path

from ensembles.views import attendance as views

urlpatterns = [
    path("staff/ensembles/dates/<uuid:public_id>/register/", views.register, name="register"),
    path("staff/ensembles/dates/<uuid:public_id>/register/mark/", views.register_mark, name="register-mark"),
    path("staff/ensembles/<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("family/ensembles/children/<uuid:public_id>/", views.family_dates, name="family-dates"),
    path(
        "family/ensembles/children/<uuid:public_id>/dates/<uuid:rehearsal_id>/absence/",
        views.absence_report,
        name="absence-report",
    ),
]
