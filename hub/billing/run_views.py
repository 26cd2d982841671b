"""Finance starts the family billing run for a term here and follows it on the job's page."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.billing.family_run import RUN_KIND, start_family_run
from hub.billing.services import BillingError
from hub.billing.sources import term_name
from hub.form_errors import ErrorSummaryMixin
from hub.models import Job, Term


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return term_name(obj).capitalize()


class FamilyRunForm(ErrorSummaryMixin, forms.Form):
    term = TermChoiceField(
        queryset=Term.objects.order_by("-starts_on"),
        label="Term",
        empty_label=None,
        help_text="Each family is billed once for the term; running it again bills only what is new.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The term under way, or the next to start.
        current = Term.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on").first()
        if current is not None:
            self.fields["term"].initial = current.pk


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def family_run_list(request):
    form = FamilyRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_family_run(term=form.cleaned_data["term"], by=request.user)
        except BillingError as error:
            form.add_error("term", str(error))
        else:
            messages.success(request, f"{job.title} has started.")
            return redirect("hub:job-detail", public_id=job.public_id)
    runs = Job.objects.filter(kind=RUN_KIND).select_related("created_by")[:50]
    return render(request, "billing/family_runs.html", {"form": form, "runs": runs})
