from django.urls import path

from schools.views import register_import as views

urlpatterns = [
    path("staff/register/import/", views.register_import, name="register-import"),
    path("staff/register/districts/", views.district_areas, name="district-areas"),
]
