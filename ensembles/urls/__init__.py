"""The ensembles app's pages, one module per topic, under one namespace."""

from ensembles.urls import ensembles, fees, listing, messages, sections

app_name = "ensembles"

urlpatterns: list = [
    *listing.urlpatterns,
    *fees.urlpatterns,
    *sections.urlpatterns,
    *messages.urlpatterns,
    *ensembles.urlpatterns,
]
