from django.urls import path

from tuition.views import enrolments, notice, reenrolment

urlpatterns = [
    path("family/lessons/<uuid:public_id>/", notice.family_enrolment, name="family-enrolment"),
    path("family/lessons/<uuid:public_id>/notice/", notice.give_notice, name="give-notice"),
    path("staff/lessons/enrolments/", enrolments.staff_enrolment_list, name="staff-enrolment-list"),
    path("staff/lessons/enrolments/<uuid:public_id>/", enrolments.staff_enrolment, name="staff-enrolment"),
    path(
        "staff/lessons/enrolments/<uuid:public_id>/move/",
        enrolments.staff_enrolment_move,
        name="staff-enrolment-move",
    ),
    path(
        "staff/lessons/reenrolment/<int:start_year>/", reenrolment.reenrolment_year, name="staff-reenrolment"
    ),
    path(
        "staff/lessons/reenrolment/<int:start_year>/stayers/",
        reenrolment.reenrol_stayers,
        name="staff-reenrol-stayers",
    ),
    path(
        "staff/lessons/reenrolment/<int:start_year>/run/",
        reenrolment.reenrolment_run,
        name="staff-reenrolment-run",
    ),
    path(
        "staff/lessons/reenrolment/<int:start_year>/<uuid:public_id>/",
        reenrolment.reenrol,
        name="staff-reenrol",
    ),
]
