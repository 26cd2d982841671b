from django.urls import path

from instruments.views import class_sets as views

urlpatterns = [
    path("staff/instruments/class-sets/", views.class_set_list, name="class-set-list"),
    path("staff/instruments/class-sets/lend/", views.class_set_add, name="class-set-add"),
    path("staff/instruments/class-sets/<uuid:public_id>/", views.class_set_detail, name="class-set-detail"),
    path(
        "staff/instruments/class-sets/<uuid:public_id>/return/",
        views.class_set_return,
        name="class-set-return",
    ),
]
