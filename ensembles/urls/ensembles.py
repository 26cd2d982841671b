from django.urls import path

from ensembles.views import ensembles as views

urlpatterns = [
    path("staff/ensembles/", views.ensemble_list, name="ensemble-list"),
    path("staff/ensembles/add/", views.ensemble_add, name="ensemble-add"),
    path("staff/ensembles/<slug:slug>/", views.ensemble_detail, name="ensemble-detail"),
    path("staff/ensembles/<slug:slug>/edit/", views.ensemble_edit, name="ensemble-edit"),
]
