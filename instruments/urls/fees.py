from django.urls import path

from instruments.views import fees as views

urlpatterns = [
    path("staff/instruments/fees/", views.hire_fees, name="hire-fees"),
    path("staff/instruments/fees/<int:year>/", views.hire_fees, name="hire-fees-year"),
]
