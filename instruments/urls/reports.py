from django.urls import path

from instruments.views import reports as views

urlpatterns = [
    path("staff/instruments/reports/", views.reports, name="reports"),
    path("staff/instruments/reports/<slug:table>.csv", views.report_csv, name="report-csv"),
]
