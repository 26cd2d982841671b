"""The ensembles app's pages, one module per topic, under one namespace."""

from ensembles.urls import applications, decisions, ensembles, fees, listing, membership, sections

app_name = "ensembles"

urlpatterns: list = [
    *applications.urlpatterns,
    *listing.urlpatterns,
    *decisions.urlpatterns,
    *membership.urlpatterns,
    *fees.urlpatterns,
    *sections.urlpatterns,
    *ensembles.urlpatterns,
]
