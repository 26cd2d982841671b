"""The SLA catalogue for hub admin and finance, under /staff/sla/catalogues/."""

from django.urls import path

from schools.views import catalogue as views

urlpatterns = [
    path("staff/sla/catalogues/", views.catalogue_list, name="catalogue-list"),
    path("staff/sla/catalogues/<str:year>/start/", views.catalogue_start, name="catalogue-start"),
    path("staff/sla/catalogues/<str:year>/", views.catalogue_detail, name="catalogue-detail"),
    path("staff/sla/catalogues/<str:year>/settings/", views.catalogue_edit, name="catalogue-edit"),
    path("staff/sla/catalogues/<str:year>/publish/", views.catalogue_publish, name="catalogue-publish"),
    path("staff/sla/catalogues/<str:year>/copy/", views.catalogue_copy, name="catalogue-copy"),
    path("staff/sla/catalogues/<str:year>/delete/", views.catalogue_delete, name="catalogue-delete"),
    path("staff/sla/catalogues/<str:year>/services/add/", views.service_edit, name="service-add"),
    path("staff/sla/catalogues/<str:year>/services/<slug:code>/", views.service_edit, name="service-edit"),
    path("staff/sla/catalogues/<str:year>/packages/add/", views.package_edit, name="package-add"),
    path("staff/sla/catalogues/<str:year>/packages/<slug:code>/", views.package_edit, name="package-edit"),
]
