"""Lesson setup for the hub: lesson types and fees per academic year, and teaching slots."""

from django.urls import path

from tuition.views import setup

urlpatterns = [
    path("staff/lessons/types/", setup.lesson_type_list, name="lesson-type-list"),
    path("staff/lessons/<int:year>/types/", setup.lesson_type_list, name="lesson-type-list-year"),
    path("staff/lessons/<int:year>/types/add/", setup.lesson_type_add, name="lesson-type-add"),
    path("staff/lessons/types/<uuid:public_id>/", setup.lesson_type_edit, name="lesson-type-edit"),
    path("staff/lessons/slots/", setup.slot_list, name="slot-list"),
    path("staff/lessons/<int:year>/slots/add/", setup.slot_add, name="slot-add"),
    path("staff/lessons/slots/<uuid:public_id>/", setup.slot_edit, name="slot-edit"),
    path("staff/lessons/slots/<uuid:public_id>/deactivate/", setup.slot_deactivate, name="slot-deactivate"),
]
