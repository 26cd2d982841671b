from django.urls import path

from ensembles.views import messages as views

urlpatterns = [
    path("staff/ensembles/<slug:slug>/messages/new/", views.message_new, name="message-new"),
    path("staff/ensembles/messages/<uuid:public_id>/", views.message_detail, name="message-detail"),
]
