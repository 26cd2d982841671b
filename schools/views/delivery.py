"""Delivery pages (hub admin, finance, tutors): approved orders, and logging what was delivered."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from schools import errors
from schools.forms.delivery import DeliveryForm, DeliverySearchForm
from schools.forms.fields import show_error
from schools.selectors import delivery as delivery_selectors
from schools.selectors import orders as order_selectors
from schools.services import delivery as delivery_services

PAGE_SIZE = 50


@role_required(Section.DELIVERY)
def delivery_orders(request):
    tutor = delivery_services.is_tutor(request.user)
    has_schools = tutor and delivery_selectors.approved_orders(taught_by=request.user).exists()
    form = DeliverySearchForm(request.GET or None, tutor=tutor, has_schools=has_schools)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = delivery_selectors.approved_orders_page(
        query=query,
        taught_by=request.user if form.only_mine() else None,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(request, "schools/sla/delivery_orders.html", {"form": form, "page": page})


@role_required(Section.DELIVERY)
@require_http_methods(["GET", "POST"])
def delivery_add(request, public_id):
    subscription = order_selectors.get_order_to_deliver(public_id)
    try:
        delivery_services.refuse_unless_deliverable(subscription)
    except errors.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:delivery-orders")
    usage = delivery_selectors.usage_for(subscription)
    form = DeliveryForm(
        request.POST or None,
        subscription=subscription,
        services=[row.service for row in usage if row.bought > 0],
        tutors=delivery_selectors.tutors(),
        tutor_choices=delivery_selectors.tutor_choices(),
        initial={
            "delivered_on": timezone.localdate(),
            "delivered_by": request.user if delivery_services.is_tutor(request.user) else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            delivery = delivery_services.record_delivery(
                subscription=subscription, by=request.user, **form.cleaned_data
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Recorded: {delivery}.")
            return redirect("schools:delivery-add", public_id=public_id)
    context = {
        "subscription": subscription,
        "form": form,
        "usage": usage,
        "deliveries": delivery_selectors.deliveries_of(subscription)[:20],
    }
    return render(request, "schools/sla/delivery_form.html", context)
