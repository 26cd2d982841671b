from django.urls import path

from ensembles.views import applications as views

urlpatterns = [
    path("family/ensembles/", views.family_ensembles, name="family-ensembles"),
    path("ensembles/<slug:slug>/apply/", views.apply, name="apply"),
    path(
        "family/ensembles/applications/<uuid:public_id>/", views.application_detail, name="family-application"
    ),
    path(
        "family/ensembles/applications/<uuid:public_id>/withdraw/",
        views.withdraw,
        name="family-application-withdraw",
    ),
]
