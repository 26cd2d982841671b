from django.urls import path

from hub.billing import family_views as views

app_name = "bills"

urlpatterns = [
    path("", views.bill_list, name="bill-list"),
    path("<uuid:public_id>/", views.bill_detail, name="bill-detail"),
    path("<uuid:public_id>/pdf/", views.bill_pdf, name="bill-pdf"),
    path("<uuid:public_id>/pay/", views.bill_pay, name="bill-pay"),
    path("payments/<uuid:public_id>/", views.payment_return, name="payment-return"),
]
