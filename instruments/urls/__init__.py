"""The instruments app's pages, one module per topic, under one namespace."""

from instruments.urls import (
    allocation,
    class_sets,
    desk,
    fees,
    inventory,
    inventory_import,
    labels,
    overdue,
    reports,
    requests,
)

app_name = "instruments"

urlpatterns: list = [
    *inventory_import.urlpatterns,
    *fees.urlpatterns,
    *requests.urlpatterns,
    *allocation.urlpatterns,
    *class_sets.urlpatterns,
    *desk.urlpatterns,
    *labels.urlpatterns,
    *overdue.urlpatterns,
    *reports.urlpatterns,
    *inventory.urlpatterns,
]
