"""Delivery against approved orders (hub admin, finance, tutors)."""

from django.urls import path

from schools.views import delivery as views

urlpatterns = [
    path("staff/sla/delivery/", views.delivery_orders, name="delivery-orders"),
    path("staff/sla/orders/<uuid:public_id>/delivery/", views.delivery_add, name="delivery-add"),
]
