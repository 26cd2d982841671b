from django.urls import path

from ensembles.views import sections as views

urlpatterns = [
    path("staff/ensembles/<slug:slug>/sections/add/", views.section_add, name="section-add"),
    path("staff/ensembles/sections/<uuid:public_id>/edit/", views.section_edit, name="section-edit"),
    path("staff/ensembles/sections/<uuid:public_id>/remove/", views.section_remove, name="section-remove"),
]
