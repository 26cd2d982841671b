"""SLA pages: the catalogue and orders for staff under /staff/sla/, a school's orders under its own page."""

from django.urls import path

from schools.views import sla as views
from schools.views.catalogue_drafts import catalogue_delete

urlpatterns = [
    # The catalogue (hub admin, finance)
    path("staff/sla/catalogues/", views.catalogue_list, name="catalogue-list"),
    path("staff/sla/catalogues/<str:year>/start/", views.catalogue_start, name="catalogue-start"),
    path("staff/sla/catalogues/<str:year>/", views.catalogue_detail, name="catalogue-detail"),
    path("staff/sla/catalogues/<str:year>/settings/", views.catalogue_edit, name="catalogue-edit"),
    path("staff/sla/catalogues/<str:year>/publish/", views.catalogue_publish, name="catalogue-publish"),
    path("staff/sla/catalogues/<str:year>/copy/", views.catalogue_copy, name="catalogue-copy"),
    path("staff/sla/catalogues/<str:year>/delete/", catalogue_delete, name="catalogue-delete"),
    path("staff/sla/catalogues/<str:year>/services/add/", views.service_edit, name="service-add"),
    path("staff/sla/catalogues/<str:year>/services/<slug:code>/", views.service_edit, name="service-edit"),
    path("staff/sla/catalogues/<str:year>/packages/add/", views.package_edit, name="package-add"),
    path("staff/sla/catalogues/<str:year>/packages/<slug:code>/", views.package_edit, name="package-edit"),
    # Orders and delivery (finance; delivery also tutors)
    path("staff/sla/orders/", views.order_list, name="order-list"),
    path("staff/sla/orders/<uuid:public_id>/", views.order_detail, name="order-detail"),
    path("staff/sla/orders/<uuid:public_id>/approve/", views.order_approve, name="order-approve"),
    path("staff/sla/orders/<uuid:public_id>/return/", views.order_return, name="order-return"),
    path("staff/sla/orders/<uuid:public_id>/amend/", views.order_amend, name="order-amend"),
    path(
        "staff/sla/orders/<uuid:public_id>/agreement.pdf",
        views.order_agreement_staff,
        name="order-agreement-staff",
    ),
    path("staff/sla/delivery/", views.delivery_orders, name="delivery-orders"),
    path("staff/sla/orders/<uuid:public_id>/delivery/", views.delivery_add, name="delivery-add"),
    # A school's side (its contacts; orders and prices only for those who may order)
    path("schools/<int:urn>/sla/", views.school_sla, name="school-sla"),
    path("schools/<int:urn>/sla/<str:year>/order/", views.order_create, name="order-create"),
    path("schools/<int:urn>/sla/<str:year>/totals/", views.order_totals, name="order-totals"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/", views.order_view, name="order-view"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/edit/", views.order_edit, name="order-edit"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/submit/", views.order_submit, name="order-submit"),
    path(
        "schools/<int:urn>/sla/orders/<uuid:public_id>/agreement.pdf",
        views.order_agreement,
        name="order-agreement",
    ),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/usage/", views.order_usage, name="order-usage"),
]
