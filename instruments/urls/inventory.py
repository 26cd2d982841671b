from django.urls import path

from instruments.views import inventory as views

urlpatterns = [
    path("staff/instruments/", views.instrument_list, name="instrument-list"),
    path("staff/instruments/add/", views.instrument_add, name="instrument-add"),
    path("staff/instruments/<uuid:public_id>/", views.instrument_detail, name="instrument-detail"),
    path("staff/instruments/<uuid:public_id>/edit/", views.instrument_edit, name="instrument-edit"),
]
