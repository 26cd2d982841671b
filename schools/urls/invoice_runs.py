from django.urls import path

from schools.views import invoice_runs as views

urlpatterns = [
    path("staff/sla/invoice-runs/", views.run_list, name="invoice-runs"),
]
