from django.urls import path

from ensembles.views import membership as views

urlpatterns = [
    path("staff/ensembles/members/<uuid:public_id>/leave/", views.leave, name="member-leave"),
    path("staff/ensembles/<slug:slug>/roll/", views.roll, name="roll"),
    path("staff/ensembles/<slug:slug>/roll-over/", views.roll_over, name="roll-over"),
]
