"""SLA orders: finance's under /staff/sla/orders/, a school's under its own page (its contacts)."""

from django.urls import path

from schools.views import order_review, orders

urlpatterns = [
    path("staff/sla/orders/", order_review.order_list, name="order-list"),
    path("staff/sla/orders/<uuid:public_id>/", order_review.order_detail, name="order-detail"),
    path("staff/sla/orders/<uuid:public_id>/approve/", order_review.order_approve, name="order-approve"),
    path("staff/sla/orders/<uuid:public_id>/return/", order_review.order_return, name="order-return"),
    path("staff/sla/orders/<uuid:public_id>/amend/", order_review.order_amend, name="order-amend"),
    path(
        "staff/sla/orders/<uuid:public_id>/agreement.pdf",
        order_review.order_agreement_staff,
        name="order-agreement-staff",
    ),
    path("schools/<int:urn>/sla/", orders.school_sla, name="school-sla"),
    path("schools/<int:urn>/sla/<str:year>/order/", orders.order_create, name="order-create"),
    path("schools/<int:urn>/sla/<str:year>/totals/", orders.order_totals, name="order-totals"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/", orders.order_view, name="order-view"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/edit/", orders.order_edit, name="order-edit"),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/submit/", orders.order_submit, name="order-submit"),
    path(
        "schools/<int:urn>/sla/orders/<uuid:public_id>/agreement.pdf",
        orders.order_agreement,
        name="order-agreement",
    ),
    path("schools/<int:urn>/sla/orders/<uuid:public_id>/usage/", orders.order_usage, name="order-usage"),
]
