from django.urls import path

from ensembles.views import decisions as views

urlpatterns = [
    path("staff/ensembles/applications/<uuid:public_id>/", views.decide, name="application-decide"),
    path("staff/ensembles/auditions/<uuid:public_id>/remove/", views.audition_remove, name="audition-remove"),
    path(
        "staff/ensembles/<slug:slug>/applications/", views.ensemble_applications, name="ensemble-applications"
    ),
    path("staff/ensembles/<slug:slug>/auditions/", views.auditions, name="auditions"),
]
