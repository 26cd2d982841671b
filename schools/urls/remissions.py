from django.urls import path

from schools.views import remissions as views

urlpatterns = [
    path("family/children/<uuid:public_id>/remissions/apply/", views.remission_apply, name="remission-apply"),
    path("staff/remissions/", views.award_queue, name="remission-queue"),
    path("staff/remissions/applications/<uuid:public_id>/", views.award_detail, name="remission-detail"),
    path("staff/remissions/categories/", views.category_list, name="remission-category-list"),
    path("staff/remissions/categories/add/", views.category_add, name="remission-category-add"),
    # Categories are the hub's own settings, which every member of staff with the role sees: no id to guess.
    path("staff/remissions/categories/<int:pk>/", views.category_edit, name="remission-category-edit"),
]
