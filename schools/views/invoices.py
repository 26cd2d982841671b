"""A school's money, for its contacts who may see it: invoices, payments, balance and PDFs."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from hub.billing import selectors as billing
from hub.billing.documents import pdf_response
from schools.access import school_contact_required

PAGE_SIZE = 50
NO_ACCESS = "schools/money/no_access.html"


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_list(request, school):
    account = school.billing_account  # None until the school's first invoice: an empty list, not an error
    context = {
        "school": school,
        "page": Paginator(billing.invoices_for_account(account), PAGE_SIZE).get_page(request.GET.get("page")),
        "balance": billing.account_balance(account),
    }
    return render(request, "schools/money/invoice_list.html", context)


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_detail(request, school, public_id):
    invoice = billing.get_invoice_for_account(school.billing_account, public_id)
    return render(request, "schools/money/invoice_detail.html", {"school": school, "invoice": invoice})


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_pdf(request, school, public_id):
    invoice = billing.get_invoice_for_account(school.billing_account, public_id)
    back = (reverse("schools:school-invoice-detail", args=[school.urn, public_id]), "Back to the invoice")
    return pdf_response(request, invoice, back=back)
