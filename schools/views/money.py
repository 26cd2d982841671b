"""A school's money, for its contacts who may see it: invoices, payments, balance and PDFs."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from hub.billing import selectors as billing
from hub.billing.documents import pdf_response
from schools import selectors

PAGE_SIZE = 50


def _money_view(view):
    """The contact's school (404 outside their schools); 403 with a reason unless they may see money."""

    @login_required
    @wraps(view)
    def wrapped(request, urn, **kwargs):
        school = selectors.get_school_for(request.user, urn)
        contact = selectors.contact_for(request.user, school)
        if contact is None or not contact.can_order:
            return render(request, "schools/money/no_access.html", {"school": school}, status=403)
        return view(request, school, **kwargs)

    return wrapped


@_money_view
def invoice_list(request, school):
    account = school.billing_account  # None until the school's first invoice: an empty list, not an error
    context = {
        "school": school,
        "page": Paginator(billing.invoices_for_account(account), PAGE_SIZE).get_page(request.GET.get("page")),
        "balance": billing.account_balance(account),
    }
    return render(request, "schools/money/invoice_list.html", context)


@_money_view
def invoice_detail(request, school, public_id):
    invoice = billing.get_invoice_for_account(school.billing_account, public_id)
    return render(request, "schools/money/invoice_detail.html", {"school": school, "invoice": invoice})


@_money_view
def invoice_pdf(request, school, public_id):
    invoice = billing.get_invoice_for_account(school.billing_account, public_id)
    back = (reverse("schools:school-invoice-detail", args=[school.urn, public_id]), "Back to the invoice")
    return pdf_response(request, invoice, back=back)
