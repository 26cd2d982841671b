from django.urls import path

from schools.views import runs

urlpatterns = [
    path("staff/sla/invoice-runs/", runs.run_list, name="invoice-runs"),
]
