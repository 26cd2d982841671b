"""A school's SLA pages for its contacts: what it bought, and its orders for those who may order."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from schools import errors, pricing
from schools.access import school_contact_required
from schools.agreement import agreement_context, agreement_response
from schools.forms.fields import show_error
from schools.forms.orders import (
    OrderForm,
    SubmitOrderForm,
    lenient_rows,
    order_is_valid,
    service_rows,
)
from schools.selectors import catalogue as catalogue_selectors
from schools.selectors import delivery as delivery_selectors
from schools.selectors import orders as order_selectors
from schools.selectors import people as people_selectors
from schools.services import orders as order_services


@school_contact_required()
def school_sla(request, school):
    contact = people_selectors.contact_for(request.user, school)
    subscriptions = list(order_selectors.subscriptions_of(school))
    ordered = {s.catalogue_id for s in subscriptions}
    context = {
        "school": school,
        "contact": contact,
        "rows": [(s, pricing.subscription_totals(s)) for s in subscriptions],
        "open_catalogues": [c for c in catalogue_selectors.open_catalogues() if c.pk not in ordered],
    }
    return render(request, "schools/sla/school_sla.html", context)


def _order_page(request, *, school, catalogue, subscription=None):
    """The order form, for a new order or a draft or returned one; saves through the services."""
    packages = catalogue_selectors.packages_of(catalogue)
    service_list = catalogue_selectors.services_of(catalogue)
    data = request.POST if request.method == "POST" else None
    adding = "add_line" in request.POST
    initial, lines_initial = {}, []
    if subscription is not None:
        initial = {"package": subscription.package_id, "instalments": subscription.instalments}
        lines_initial = [
            {"service": line.service_id, "quantity": line.quantity}
            for line in subscription.lines.all()
            if line.amendment == 0
        ]
    form = OrderForm(data if not adding else None, initial=data if adding else initial, catalogue=catalogue)
    lines = service_rows(data, prefix="lines", services=service_list, initial=lines_initial, add=adding)
    if data is not None and not adding and order_is_valid(form, lines):
        order = {
            "package": form.cleaned_data["package"],
            "lines": lines.rows(),
            "instalments": form.cleaned_data["instalments"],
            "by": request.user,
        }
        try:
            if subscription is None:
                subscription = order_services.create_order(school=school, catalogue=catalogue, **order)
            else:
                subscription = order_services.update_order(subscription=subscription, **order)
        except errors.SlaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Your order has been saved as a draft. Review it and submit it when ready."
            )
            return redirect("schools:order-submit", urn=school.urn, public_id=subscription.public_id)
    context = {
        "school": school,
        "catalogue": catalogue,
        "subscription": subscription,
        "form": form,
        "lines": lines,
        "packages": packages,
        "services": service_list,
        "totals": _running_totals(
            data or _initial_data(initial, lines_initial), catalogue, packages, service_list
        ),
    }
    return render(request, "schools/sla/order_form.html", context)


def _initial_data(initial: dict, lines_initial: list[dict]) -> dict:
    data = {"package": str(initial.get("package") or ""), "lines-TOTAL_FORMS": str(len(lines_initial))}
    for index, row in enumerate(lines_initial):
        data[f"lines-{index}-service"] = str(row["service"])
        data[f"lines-{index}-quantity"] = str(row["quantity"])
    return data


def _running_totals(data, catalogue, packages, service_list):
    package = next((p for p in packages if str(p.pk) == data.get("package")), None)
    rows = lenient_rows(data, prefix="lines", services=service_list)
    try:
        instalments = int(data.get("instalments") or 3)
    except ValueError:
        instalments = 3
    instalments = instalments if instalments in (1, 3) else 3
    totals = pricing.order_totals(package=package, lines=rows)
    return {"totals": totals, "instalments": pricing.instalment_plan(totals, instalments)}


@school_contact_required(can_order=True)
@require_http_methods(["GET", "POST"])
def order_create(request, school, year):
    catalogue = catalogue_selectors.get_open_catalogue(year)
    existing = school.subscriptions.filter(catalogue=catalogue).first()
    if existing is not None:
        messages.info(
            request, f"{school.name} already has an order for {catalogue.financial_year}: here it is."
        )
        return redirect("schools:order-view", urn=school.urn, public_id=existing.public_id)
    return _order_page(request, school=school, catalogue=catalogue)


@school_contact_required(can_order=True)
@require_http_methods(["GET", "POST"])
def order_edit(request, school, public_id):
    subscription = order_selectors.get_school_order(school, public_id)
    try:
        order_services.refuse_unless_editable(subscription)
    except errors.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    return _order_page(request, school=school, catalogue=subscription.catalogue, subscription=subscription)


@school_contact_required(can_order=True)
@require_POST
def order_totals(request, school, year):
    """The running total of the order form, recomputed from what is typed so far; nothing is saved."""
    catalogue = catalogue_selectors.get_open_catalogue(year)
    context = _running_totals(
        request.POST,
        catalogue,
        catalogue_selectors.packages_of(catalogue),
        catalogue_selectors.services_of(catalogue),
    )
    return render(request, "schools/sla/_order_totals.html", {**context, "announce": True})


@school_contact_required(can_order=True)
def order_view(request, school, public_id):
    subscription = order_selectors.get_school_order(school, public_id)
    context = agreement_context(subscription) | {
        "usage": delivery_selectors.usage_for(subscription),
        "deliveries": delivery_selectors.deliveries_of(subscription)[:10],
    }
    return render(request, "schools/sla/order_view.html", context)


@school_contact_required(can_order=True)
@require_http_methods(["GET", "POST"])
def order_submit(request, school, public_id):
    subscription = order_selectors.get_school_order(school, public_id)
    if not subscription.is_editable_by_school:
        messages.info(request, "This order has already been submitted.")
        return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    form = SubmitOrderForm(request.POST or None, initial={"name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            order_services.submit_order(
                subscription=subscription,
                accepted_by_name=form.cleaned_data["name"],
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, "Your order has been submitted. The hub will confirm it by e-mail.")
            return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    context = agreement_context(subscription) | {"form": form}
    return render(request, "schools/sla/order_review.html", context)


@school_contact_required(can_order=True)
def order_agreement(request, school, public_id):
    back = reverse("schools:order-view", args=[school.urn, public_id])
    return agreement_response(request, order_selectors.get_school_order(school, public_id), back=back)


@school_contact_required()
def order_usage(request, school, public_id):
    """Bought, delivered and remaining: for every contact of the school, with no money shown."""
    subscription = order_selectors.get_school_order(school, public_id)
    context = {
        "school": school,
        "subscription": subscription,
        "usage": delivery_selectors.usage_for(subscription),
        "deliveries": delivery_selectors.deliveries_of(subscription),
    }
    return render(request, "schools/sla/order_usage.html", context)
