"""A school's money, for its contacts who may see it: invoices, payments, balance and PDFs."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from hub.billing import selectors as billing
from hub.billing.documents import pdf_response
from hub.money import ZERO
from schools.access import school_contact_required
from schools.selectors import money as money_selectors

PAGE_SIZE = 50
NO_ACCESS = "schools/money/no_access.html"


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_list(request, school):
    # None until the school's first invoice: an empty list, not an error.
    account = billing.account_with_balance(school.billing_account_id)
    page = Paginator(money_selectors.invoice_rows(account), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    context = {"school": school, "page": page, "balance": account.balance if account else ZERO}
    return render(request, "schools/money/invoice_list.html", context)


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_detail(request, school, public_id):
    invoice = billing.get_invoice_of_account(school.billing_account_id, public_id)
    return render(request, "schools/money/invoice_detail.html", {"school": school, "invoice": invoice})


@school_contact_required(can_order=True, refused_template=NO_ACCESS)
def invoice_pdf(request, school, public_id):
    invoice = billing.get_invoice_for_account(school.billing_account, public_id)
    back = (reverse("schools:school-invoice-detail", args=[school.urn, public_id]), "Back to the invoice")
    return pdf_response(request, invoice, back=back)
