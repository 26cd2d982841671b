"""Finance starts SLA invoice runs here and follows them on the job's page."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.form_errors import ErrorSummaryMixin
from hub.models import FinancialYear, Job
from schools.errors import InvoicingError
from schools.services.invoice_runs import RUN_KIND, start_invoice_run


class InvoiceRunForm(ErrorSummaryMixin, forms.Form):
    financial_year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.filter(catalogue__isnull=False),
        label="Financial year",
        empty_label=None,
    )
    instalment = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1: autumn (or the whole year for annual payers)"), (2, "2: spring"), (3, "3: summer")],
        label="Instalment",
    )


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def run_list(request):
    form = InvoiceRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_invoice_run(
                financial_year=form.cleaned_data["financial_year"],
                instalment=form.cleaned_data["instalment"],
                by=request.user,
            )
        except InvoicingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{job.title} has started.")
            return redirect("hub:job-detail", public_id=job.public_id)
    runs = Job.objects.filter(kind=RUN_KIND).select_related("created_by")[:50]
    return render(request, "schools/invoicing/run_list.html", {"form": form, "runs": runs})
