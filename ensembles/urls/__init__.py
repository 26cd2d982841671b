"""The ensembles app's pages, one module per topic, under one namespace."""

from ensembles.urls import (
    applications,
    attendance,
    decisions,
    ensembles,
    fees,
    listing,
    membership,
    messages,
    schedule,
    sections,
)

app_name = "ensembles"

urlpatterns: list = [
    *attendance.urlpatterns,
    *schedule.urlpatterns,
    *applications.urlpatterns,
    *listing.urlpatterns,
    *decisions.urlpatterns,
    *membership.urlpatterns,
    *fees.urlpatterns,
    *sections.urlpatterns,
    *messages.urlpatterns,
    *ensembles.urlpatterns,
]
