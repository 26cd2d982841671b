from django.urls import path

from schools.views import invoices as views

urlpatterns = [
    path("schools/<int:urn>/invoices/", views.invoice_list, name="school-invoice-list"),
    path("schools/<int:urn>/invoices/<uuid:public_id>/", views.invoice_detail, name="school-invoice-detail"),
    path("schools/<int:urn>/invoices/<uuid:public_id>/pdf/", views.invoice_pdf, name="school-invoice-pdf"),
]
