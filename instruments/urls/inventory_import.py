from django.urls import path

from instruments.views import inventory_import as views

urlpatterns = [
    path("staff/instruments/import/", views.instrument_import, name="instrument-import"),
    path("staff/instruments/import/template.csv", views.import_template, name="instrument-import-template"),
]
