"""A family's bills, for the guardian who pays them: invoices, payments, balance, PDFs and paying by card."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hub.access import guardian_required
from hub.billing import govuk_pay, online_payments
from hub.billing import selectors as billing
from hub.billing.documents import pdf_response
from hub.billing.family import family_account_for, family_reference, get_online_payment_for
from hub.billing.models import Invoice, OnlinePayment
from hub.money import ZERO

PAGE_SIZE = 25
State = OnlinePayment.State


@guardian_required
def bill_list(request):
    account = family_account_for(request.user.guardian)  # None before the first bill: an empty list
    # A family has a bill or two a term: read them all in one query and page the list, with no COUNT first.
    invoices = list(billing.invoices_for_account(account))
    context = {
        "page": Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page")),
        "balance": billing.account_balance(account),
        "pay_online": govuk_pay.is_configured(),
    }
    return render(request, "billing/family/bill_list.html", context)


def _card_origin() -> str:
    parts = urlsplit(settings.GOVUK_PAY_CARD_ORIGIN)
    return f"{parts.scheme}://{parts.netloc}"


@guardian_required
def bill_detail(request, public_id):
    invoice = billing.get_family_invoice(family_reference(request.user.guardian), public_id)
    owing = invoice.kind == Invoice.Kind.INVOICE and invoice.outstanding > ZERO
    context = {
        "invoice": invoice,
        "owing": owing,
        "pay_online": owing and govuk_pay.is_configured(),
        "waiting": invoice.online_payments.filter(state__in=online_payments.UNFINISHED).first(),
    }
    response = render(request, "billing/family/bill_detail.html", context)
    if context["pay_online"]:
        # The "Pay now" form is answered with a redirect to GOV.UK Pay's card page: the CSP must allow it.
        response._csp_update = {"form-action": [_card_origin()]}  # type: ignore[attr-defined]
    return response


@guardian_required
def bill_pdf(request, public_id):
    invoice = billing.get_family_invoice(family_reference(request.user.guardian), public_id)
    back = (reverse("bills:bill-detail", args=[public_id]), "Back to the bill")
    return pdf_response(request, invoice, back=back)


@guardian_required
@require_POST
def bill_pay(request, public_id):
    invoice = billing.get_invoice_for_account(family_account_for(request.user.guardian), public_id)
    try:
        online = online_payments.start_online_payment(invoice=invoice, by=request.user)
    except online_payments.OnlinePaymentError as error:
        messages.error(request, str(error))
        return redirect("bills:bill-detail", public_id=invoice.public_id)
    return redirect(online.next_url)


RESULTS = {
    State.SUCCESS: (messages.SUCCESS, "Thank you: your payment of £{amount} was taken. {failure}"),
    State.FAILED: (messages.ERROR, "Your payment of £{amount} was declined, so nothing was taken. {retry}"),
    State.CANCELLED: (messages.WARNING, "You cancelled the payment, so nothing was taken. {retry}"),
    State.ERROR: (messages.ERROR, "The payment did not go through: {failure} {retry}"),
}
RETRY = "You can try again, with another card if need be, or pay by bank transfer."
UNFINISHED = (messages.INFO, "GOV.UK Pay has not finished your payment of £{amount} yet. {later}")
LATER = "Do not pay again: the bill shows the payment within a few minutes of GOV.UK Pay confirming it."


@guardian_required
def payment_return(request, public_id):
    """Where GOV.UK Pay sends the parent back: the address says which payment, never how it went."""
    online = get_online_payment_for(request.user.guardian, public_id)
    try:
        online = online_payments.check_online_payment(online=online)
    except online_payments.OnlinePaymentError as error:
        messages.warning(request, str(error))
    else:
        level, text = RESULTS.get(online.state, UNFINISHED)
        words = {"amount": f"{online.amount:,.2f}", "failure": online.failure, "retry": RETRY, "later": LATER}
        messages.add_message(request, level, text.format(**words).strip())
    return redirect("bills:bill-detail", public_id=online.invoice.public_id)
