"""Finance's pages: invoices, payments, credit notes, statements, aged debt and the CSV export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.access import Section, role_required
from hub.billing import aged_debt as aged_debt_report
from hub.billing import exports, payments, selectors, services
from hub.billing.documents import pdf_response
from hub.billing.filters import AgedDebtFilter
from hub.billing.forms import DEFAULT_PAGE_SIZE, CreditNoteForm, ExportForm, InvoiceFilterForm, PaymentForm
from hub.billing.models import Invoice
from hub.pagination import page_counted

PAGE_SIZE = 50
finance_only = role_required(Section.MONEY)


@finance_only
def invoice_list(request):
    form = InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = {
        "query": filters.get("q", ""),
        "status": filters.get("status", ""),
        "kind": filters.get("kind", ""),
    }
    invoices = selectors.invoice_list(sort=filters.get("sort") or "-date", **found)
    per_page = filters.get("per_page") or DEFAULT_PAGE_SIZE
    page = page_counted(
        selectors.as_rows(invoices), selectors.invoices_found(**found), request.GET.get("page"), per_page
    )
    return render(request, "billing/invoice_list.html", {"form": form, "page": page})


def _detail(request, invoice: Invoice, payment_form=None, credit_form=None, status=200):
    context = {
        "invoice": invoice,
        "labels": selectors.Status.labels,
        "payment_form": payment_form or PaymentForm(),
        "credit_form": credit_form or CreditNoteForm(),
    }
    return render(request, "billing/invoice_detail.html", context, status=status)


@finance_only
def invoice_detail(request, public_id):
    return _detail(request, selectors.get_invoice(public_id))


@finance_only
def invoice_pdf_download(request, public_id):
    invoice = selectors.get_invoice(public_id)
    back = (reverse("billing:invoice-detail", args=[public_id]), f"Back to {invoice.display_number}")
    return pdf_response(request, invoice, back=back)


@finance_only
@require_POST
def payment_record(request, public_id):
    invoice = selectors.get_invoice(public_id)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = payments.record_payment(invoice=invoice, by=request.user, **form.cleaned_data)
        except services.BillingError as error:
            form.add_error("amount", str(error))
        else:
            messages.success(
                request, f"Payment of £{payment.amount:,.2f} recorded on {invoice.display_number}."
            )
            return redirect("billing:invoice-detail", public_id=invoice.public_id)
    return _detail(request, invoice, payment_form=form, status=400)


@finance_only
@require_POST
def credit_note_issue(request, public_id):
    invoice = selectors.get_invoice(public_id)
    form = CreditNoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            note = services.credit_invoice(
                invoice=invoice, amount=data["amount"], reason=data["reason"], by=request.user
            )
        except services.BillingError as error:
            form.add_error("amount" if data["amount"] else None, str(error))
        else:
            messages.success(request, f"Credit note {note.display_number} issued for £{note.total:,.2f}.")
            return redirect("billing:invoice-detail", public_id=invoice.public_id)
    return _detail(request, invoice, credit_form=form, status=400)


@finance_only
def account_statement(request, public_id):
    account = selectors.get_account(public_id)
    context = {
        "account": account,
        "rows": selectors.statement(account),
        "balance": selectors.account_balance(account),
    }
    return render(request, "billing/account_statement.html", context)


@finance_only
def aged_debt(request):
    today = timezone.localdate()
    form = AgedDebtFilter(request.GET or None)
    rows = aged_debt_report.aged_debt_rows(today=today, **form.filters())
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "totals": aged_debt_report.aged_debt_totals(rows),
        "buckets": aged_debt_report.BUCKETS,
        "today": today,
    }
    return render(request, "billing/aged_debt.html", context)


@finance_only
def export_csv(request):
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "billing/export.html", {"form": form})
    data = form.cleaned_data
    lines = exports.csv_lines(data["what"], data["date_from"], data["date_to"])
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{data['what']}-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
