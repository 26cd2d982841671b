from django.urls import path

from ensembles.views import fees as views

urlpatterns = [
    path("staff/ensembles/fees/", views.ensemble_fees, name="ensemble-fees"),
    path("staff/ensembles/fees/<int:year>/", views.ensemble_fees, name="ensemble-fees-year"),
]
