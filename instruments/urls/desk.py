from django.urls import path

from instruments.views import desk as views

urlpatterns = [
    path("staff/instruments/desk/", views.desk, name="desk"),
    path("staff/instruments/desk/hires/<uuid:public_id>/check-out/", views.check_out, name="desk-check-out"),
    path("staff/instruments/desk/hires/<uuid:public_id>/return/", views.return_hire, name="desk-return"),
    path(
        "staff/instruments/desk/instruments/<uuid:public_id>/repair/",
        views.send_to_repair,
        name="desk-send-to-repair",
    ),
    path(
        "staff/instruments/desk/repairs/<uuid:public_id>/finish/",
        views.finish_repair,
        name="desk-finish-repair",
    ),
]
