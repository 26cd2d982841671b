"""The ensembles app's pages, one module per topic, under one namespace."""

from ensembles.urls import ensembles, fees, listing, messages, schedule, sections

app_name = "ensembles"

urlpatterns: list = [
    *schedule.urlpatterns,
    *listing.urlpatterns,
    *fees.urlpatterns,
    *sections.urlpatterns,
    *messages.urlpatterns,
    *ensembles.urlpatterns,
]
