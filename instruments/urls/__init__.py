"""The instruments app's pages, one module per topic, under one namespace."""

from instruments.urls import fees, inventory, inventory_import, labels, overdue, reports

app_name = "instruments"

urlpatterns: list = [
    *inventory_import.urlpatterns,
    *fees.urlpatterns,
    *labels.urlpatterns,
    *overdue.urlpatterns,
    *reports.urlpatterns,
    *inventory.urlpatterns,
]
