"""The instruments app's pages, one module per topic, under one namespace."""

from instruments.urls import fees, inventory, inventory_import

app_name = "instruments"

urlpatterns: list = [
    *inventory_import.urlpatterns,
    *fees.urlpatterns,
    *inventory.urlpatterns,
]
