from django.urls import path

from instruments.views import overdue as views

urlpatterns = [
    path("staff/instruments/overdue/", views.overdue_list, name="overdue-hires"),
    path("staff/instruments/overdue/remind/", views.send_reminders, name="overdue-remind"),
]
