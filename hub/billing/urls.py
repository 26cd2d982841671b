from django.urls import path

from hub.billing import run_views, views

app_name = "billing"

urlpatterns = [
    path("", views.invoice_list, name="invoice-list"),
    path("invoices/<uuid:public_id>/", views.invoice_detail, name="invoice-detail"),
    path("invoices/<uuid:public_id>/pdf/", views.invoice_pdf_download, name="invoice-pdf"),
    path("invoices/<uuid:public_id>/payments/", views.payment_record, name="payment-record"),
    path("invoices/<uuid:public_id>/credit-notes/", views.credit_note_issue, name="credit-note-issue"),
    path("accounts/<uuid:public_id>/", views.account_statement, name="account-statement"),
    path("aged-debt/", views.aged_debt, name="aged-debt"),
    path("export/", views.export_csv, name="export-csv"),
    path("family-runs/", run_views.family_run_list, name="family-runs"),
]
