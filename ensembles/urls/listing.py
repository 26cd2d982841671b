from django.urls import path

from ensembles.views import listing as views

urlpatterns = [
    path("ensembles/", views.public_list, name="public-list"),
    path("ensembles/<slug:slug>/", views.public_detail, name="public-detail"),
]
