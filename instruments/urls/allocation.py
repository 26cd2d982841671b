from django.urls import path

from instruments.views import allocation as views

urlpatterns = [
    path("staff/instruments/requests/", views.request_queue, name="request-queue"),
    path("staff/instruments/requests/<uuid:public_id>/allocate/", views.allocate, name="request-allocate"),
    path("staff/instruments/requests/<uuid:public_id>/decline/", views.decline, name="request-decline"),
    path("staff/instruments/hires/<uuid:public_id>/cancel/", views.cancel_allocation, name="hire-cancel"),
]
