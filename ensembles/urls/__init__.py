"""The ensembles app's pages, one module per topic, under one namespace."""

from ensembles.urls import attendance, ensembles, fees, listing, schedule, sections

app_name = "ensembles"

urlpatterns: list = [
    *attendance.urlpatterns,
    *schedule.urlpatterns,
    *listing.urlpatterns,
    *fees.urlpatterns,
    *sections.urlpatterns,
    *ensembles.urlpatterns,
]
