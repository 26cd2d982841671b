"""Finance's SLA order pages: every school's orders, approving, returning and amending them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import Section, role_required
from hub.pagination import page_counted
from schools import errors
from schools.agreement import agreement_context, agreement_response
from schools.forms.fields import show_error
from schools.forms.orders import (
    AmendmentForm,
    OrderFilterForm,
    ReturnOrderForm,
)
from schools.models import Subscription
from schools.selectors import catalogue as catalogue_selectors
from schools.selectors import delivery as delivery_selectors
from schools.selectors import orders as order_selectors
from schools.services import orders as order_services

PAGE_SIZE = 50


@role_required(Section.MONEY)
def order_list(request):
    form = OrderFilterForm(request.GET or None, years=catalogue_selectors.financial_years())
    filters = form.cleaned_data if form.is_valid() else {}
    orders = order_selectors.orders(
        year=filters.get("year"), status=filters.get("status", ""), query=filters.get("q", "")
    )
    page = page_counted(order_selectors.as_rows(orders), orders, request.GET.get("page"), PAGE_SIZE)
    rows = order_selectors.with_totals(page.object_list)
    return render(request, "schools/sla/order_list.html", {"form": form, "page": page, "rows": rows})


def _order_detail(request, subscription, *, return_form=None, status=200):
    context = agreement_context(subscription)
    priced = {line.key: line for line in context["totals"].lines}
    # The page shows delivery against approved orders only.
    approved = subscription.status == Subscription.Status.APPROVED
    context |= {
        "return_form": return_form or ReturnOrderForm(),
        "usage": delivery_selectors.usage_for(subscription) if approved else [],
        "deliveries": delivery_selectors.deliveries_of(subscription) if approved else [],
        "amendments": [
            (line, priced[f"line:{line.pk}"]) for line in subscription.lines.all() if line.amendment > 0
        ],
    }
    return render(request, "schools/sla/order_detail.html", context, status=status)


@role_required(Section.MONEY)
def order_detail(request, public_id):
    return _order_detail(request, order_selectors.get_order(public_id))


@role_required(Section.MONEY)
@require_POST
def order_approve(request, public_id):
    subscription = order_selectors.get_order(public_id)
    try:
        order_services.approve_order(subscription=subscription, by=request.user)
    except errors.SlaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The order from {subscription.school.name} is approved; the school is told."
        )
    return redirect("schools:order-detail", public_id=public_id)


@role_required(Section.MONEY)
@require_POST
def order_return(request, public_id):
    subscription = order_selectors.get_order(public_id)
    form = ReturnOrderForm(request.POST)
    if form.is_valid():
        try:
            order_services.return_order(
                subscription=subscription,
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The order has been returned to {subscription.school.name}.")
            return redirect("schools:order-detail", public_id=public_id)
    return _order_detail(request, subscription, return_form=form, status=400)


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def order_amend(request, public_id):
    subscription = order_selectors.get_order(public_id)
    form = AmendmentForm(
        request.POST or None, services=catalogue_selectors.services_of(subscription.catalogue)
    )
    try:
        order_services.refuse_unless_amendable(subscription)
    except errors.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:order-detail", public_id=public_id)
    if request.method == "POST" and form.is_valid():
        try:
            number = order_services.amend_order(
                subscription=subscription,
                service=form.cleaned_data["service"],
                quantity=form.cleaned_data["quantity"],
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Amendment {number} has been added and invoiced.")
            return redirect("schools:order-detail", public_id=public_id)
    context = {
        "subscription": subscription,
        "form": form,
        "usage": delivery_selectors.usage_for(subscription),
    }
    return render(request, "schools/sla/order_amend.html", context)


@role_required(Section.MONEY)
def order_agreement_staff(request, public_id):
    back = reverse("schools:order-detail", args=[public_id])
    return agreement_response(request, order_selectors.get_order(public_id), back=back)
