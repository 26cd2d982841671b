from django.urls import path

from schools.views import people as views

urlpatterns = [
    path("schools/", views.contact_home, name="contact-home"),
    path("schools/<int:urn>/", views.school_detail, name="school-detail"),
    path("family/children/add/", views.child_add, name="child-add"),
    path("family/children/<uuid:public_id>/", views.child_detail, name="child-detail"),
    path("family/children/<uuid:public_id>/edit/", views.child_edit, name="child-edit"),
    path("staff/schools/", views.staff_school_list, name="staff-school-list"),
    path("staff/schools/<int:urn>/", views.staff_school_detail, name="staff-school-detail"),
    path("staff/schools/<int:urn>/invite/", views.contact_invite, name="contact-invite"),
    path("staff/pupils/", views.staff_pupil_list, name="staff-pupil-list"),
    path("staff/pupils/<uuid:public_id>/", views.staff_pupil_detail, name="staff-pupil-detail"),
]
