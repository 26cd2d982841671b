from django.urls import path

from instruments.views import labels as views

urlpatterns = [
    path("staff/instruments/labels/", views.label_sheet, name="label-sheet"),
    path(
        "staff/instruments/labels/<uuid:public_id>/download/",
        views.label_sheet_download,
        name="label-sheet-download",
    ),
]
