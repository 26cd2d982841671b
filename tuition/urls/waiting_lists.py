from django.urls import path

from tuition.views import waiting_lists as views

urlpatterns = [
    path("staff/lessons/waiting/", views.waiting_list, name="waiting-list"),
    path("staff/lessons/waiting/<uuid:public_id>/offer/", views.make_offer, name="offer-make"),
]
