"""The tuition app's pages, one module per topic, under one namespace."""

from tuition.urls import enrolments, registers, requests, setup, waiting_lists

app_name = "tuition"

urlpatterns: list = [
    *requests.urlpatterns,
    *waiting_lists.urlpatterns,
    *enrolments.urlpatterns,
    *setup.urlpatterns,
    *registers.urlpatterns,
]
