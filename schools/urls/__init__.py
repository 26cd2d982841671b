"""The schools app's pages, one module per topic, under one namespace."""

from schools.urls import (
    catalogue,
    delivery,
    invoice_runs,
    invoices,
    orders,
    people,
    register_import,
    remissions,
)

app_name = "schools"

urlpatterns = (
    people.urlpatterns
    + register_import.urlpatterns
    + catalogue.urlpatterns
    + orders.urlpatterns
    + delivery.urlpatterns
    + invoices.urlpatterns
    + invoice_runs.urlpatterns
    + remissions.urlpatterns
)
