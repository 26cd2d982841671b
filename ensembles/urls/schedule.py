from django.urls import path

from ensembles.views import schedule as views

urlpatterns = [
    path("ensembles/calendars/<uuid:public_id>.ics", views.ensemble_feed, name="ensemble-feed"),
    path("staff/ensembles/<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("staff/ensembles/<slug:slug>/schedule/add/", views.event_add, name="event-add"),
    path("staff/ensembles/dates/<uuid:public_id>/cancel/", views.rehearsal_cancel, name="rehearsal-cancel"),
]
