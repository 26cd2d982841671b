"""SLA pages: the catalogue (hub admin, finance), schools' orders, finance's decisions, and delivery."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import Section, role_required
from schools import selectors
from schools import sla_selectors as sla
from schools import sla_services as services
from schools.sla_agreement import agreement_context, agreement_response
from schools.sla_forms import (
    AmendmentForm,
    CatalogueForm,
    CopyCatalogueForm,
    DeliveryForm,
    DeliverySearchForm,
    OrderFilterForm,
    OrderForm,
    PackageForm,
    ReturnOrderForm,
    ServiceForm,
    SubmitOrderForm,
    lenient_rows,
    order_is_valid,
    service_rows,
)

PAGE_SIZE = 50
CATALOGUE_ROLES = FINANCE_ROLES = Section.MONEY
DELIVERY_ROLES = Section.DELIVERY


def ordering_contact_required(view):
    """A signed-in contact of the school in the URL (else 404) who may order for it (else 403, saying why)."""

    @login_required
    @wraps(view)
    def wrapped(request, urn, *args, **kwargs):
        try:
            school, _ = sla.ordering_contact_for(request.user, urn)
        except PermissionDenied as error:
            context = {"message": str(error), "school": selectors.get_school_for(request.user, urn)}
            return render(request, "schools/sla/cannot_order.html", context, status=403)
        return view(request, school, *args, **kwargs)

    return wrapped


def _form_error(form, error: services.SlaError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# --- The catalogue ------------------------------------------------------------------------------------------


@role_required(*CATALOGUE_ROLES)
def catalogue_list(request):
    context = {"rows": sla.catalogue_rows()}
    return render(request, "schools/sla/catalogue_list.html", context)


@role_required(*CATALOGUE_ROLES)
@require_POST
def catalogue_start(request, year):
    financial_year = sla.get_financial_year(year)
    try:
        services.start_catalogue(financial_year=financial_year, by=request.user)
    except services.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:catalogue-list")
    messages.success(
        request,
        f"The {financial_year} catalogue has been started. Add its services, "
        "or copy an earlier year's catalogue into it.",
    )
    return redirect("schools:catalogue-detail", year=year)


@role_required(*CATALOGUE_ROLES)
def catalogue_detail(request, year):
    catalogue = sla.get_catalogue(year)
    context = {
        "catalogue": catalogue,
        "services": sla.services_of(catalogue),
        "packages": sla.packages_of(catalogue),
        "can_copy": sla.years_without_catalogue_after(catalogue).exists(),
        "can_delete": sla.can_delete(catalogue),
    }
    return render(request, "schools/sla/catalogue_detail.html", context)


@role_required(*CATALOGUE_ROLES)
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, year):
    catalogue = sla.get_catalogue(year)
    form = CatalogueForm(request.POST or None, instance=catalogue)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_catalogue(
                catalogue=catalogue,
                terms=form.cleaned_data["terms"],
                order_deadline=form.cleaned_data["order_deadline"],
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The catalogue's terms and deadline have been saved.")
            return redirect("schools:catalogue-detail", year=year)
    return render(request, "schools/sla/catalogue_form.html", {"catalogue": catalogue, "form": form})


def _frozen(request, catalogue):
    messages.error(
        request,
        f"The {catalogue.financial_year} catalogue is published, so its prices and packages are fixed: "
        "schools' orders copy them. Copy it to next year to change prices.",
    )
    return redirect("schools:catalogue-detail", year=catalogue.financial_year.name)


@role_required(*CATALOGUE_ROLES)
@require_http_methods(["GET", "POST"])
def service_edit(request, year, code=None):
    catalogue = sla.get_catalogue(year)
    service = sla.get_service(catalogue, code) if code else None
    if catalogue.is_published:
        return _frozen(request, catalogue)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_service(
                catalogue=catalogue, data=form.cleaned_data, service=service, by=request.user
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("schools:catalogue-detail", year=year)
    context = {"catalogue": catalogue, "form": form, "service": service}
    return render(request, "schools/sla/service_form.html", context)


@role_required(*CATALOGUE_ROLES)
@require_http_methods(["GET", "POST"])
def package_edit(request, year, code=None):
    catalogue = sla.get_catalogue(year)
    package = sla.get_package(catalogue, code) if code else None
    if catalogue.is_published:
        return _frozen(request, catalogue)
    data = request.POST if request.method == "POST" else None
    initial = (
        [{"service": i.service_id, "quantity": i.quantity} for i in package.items.all()] if package else []
    )
    form = PackageForm(data, instance=package)
    items = service_rows(
        data,
        prefix="items",
        services=sla.services_of(catalogue),
        initial=initial,
        add="add_line" in request.POST,
    )
    if data is not None and "add_line" not in request.POST and form.is_valid() & items.is_valid():
        try:
            saved = services.save_package(
                catalogue=catalogue,
                data=form.cleaned_data,
                items=items.rows(),
                package=package,
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The {saved.name} package has been saved.")
            return redirect("schools:catalogue-detail", year=year)
    context = {"catalogue": catalogue, "form": form, "items": items, "package": package}
    return render(request, "schools/sla/package_form.html", context)


@role_required(*CATALOGUE_ROLES)
@require_POST
def catalogue_publish(request, year):
    catalogue = sla.get_catalogue(year)
    try:
        services.publish_catalogue(catalogue=catalogue, by=request.user)
    except services.SlaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The {catalogue.financial_year} catalogue is published: schools can order."
        )
    return redirect("schools:catalogue-detail", year=year)


@role_required(*CATALOGUE_ROLES)
@require_http_methods(["GET", "POST"])
def catalogue_copy(request, year):
    catalogue = sla.get_catalogue(year)
    form = CopyCatalogueForm(request.POST or None, years=sla.years_without_catalogue_after(catalogue))
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_catalogue(
                source=catalogue,
                to_year=form.cleaned_data["to_year"],
                uplift_percent=form.cleaned_data["uplift_percent"],
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The catalogue has been copied to {copy.financial_year} as a draft.")
            return redirect("schools:catalogue-detail", year=copy.financial_year.name)
    return render(request, "schools/sla/catalogue_copy.html", {"catalogue": catalogue, "form": form})


# --- The school's orders ------------------------------------------------------------------------------------


@login_required
def school_sla(request, urn):
    school = selectors.get_school_for(request.user, urn)
    contact = selectors.contact_for(request.user, school)
    subscriptions = list(sla.subscriptions_of(school))
    ordered = {s.catalogue_id for s in subscriptions}
    context = {
        "school": school,
        "contact": contact,
        "rows": [(s, services.subscription_totals(s)) for s in subscriptions],
        "open_catalogues": [c for c in sla.open_catalogues() if c.pk not in ordered],
    }
    return render(request, "schools/sla/school_sla.html", context)


def _order_page(request, *, school, catalogue, subscription=None):
    """The order form, for a new order or a draft or returned one; saves through the services."""
    packages = sla.packages_of(catalogue)
    service_list = sla.services_of(catalogue)
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
                subscription = services.create_order(school=school, catalogue=catalogue, **order)
            else:
                subscription = services.update_order(subscription=subscription, **order)
        except services.SlaError as error:
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
    totals = services.order_totals(package=package, lines=rows)
    return {"totals": totals, "instalments": services.instalment_plan(totals, instalments)}


@ordering_contact_required
@require_http_methods(["GET", "POST"])
def order_create(request, school, year):
    catalogue = sla.get_open_catalogue(year)
    existing = school.subscriptions.filter(catalogue=catalogue).first()
    if existing is not None:
        messages.info(
            request, f"{school.name} already has an order for {catalogue.financial_year}: here it is."
        )
        return redirect("schools:order-view", urn=school.urn, public_id=existing.public_id)
    return _order_page(request, school=school, catalogue=catalogue)


@ordering_contact_required
@require_http_methods(["GET", "POST"])
def order_edit(request, school, public_id):
    subscription = sla.get_school_order(school, public_id)
    if not subscription.is_editable_by_school:
        messages.error(request, "This order has been submitted, so it cannot be changed.")
        return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    return _order_page(request, school=school, catalogue=subscription.catalogue, subscription=subscription)


@ordering_contact_required
@require_POST
def order_totals(request, school, year):
    """The running total of the order form, recomputed from what is typed so far; nothing is saved."""
    catalogue = sla.get_open_catalogue(year)
    context = _running_totals(request.POST, catalogue, sla.packages_of(catalogue), sla.services_of(catalogue))
    return render(request, "schools/sla/_order_totals.html", context)


@ordering_contact_required
def order_view(request, school, public_id):
    subscription = sla.get_school_order(school, public_id)
    context = agreement_context(subscription) | {
        "usage": sla.usage_for(subscription),
        "deliveries": sla.deliveries_of(subscription)[:10],
    }
    return render(request, "schools/sla/order_view.html", context)


@ordering_contact_required
@require_http_methods(["GET", "POST"])
def order_submit(request, school, public_id):
    subscription = sla.get_school_order(school, public_id)
    if not subscription.is_editable_by_school:
        messages.info(request, "This order has already been submitted.")
        return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    form = SubmitOrderForm(request.POST or None, initial={"name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_order(
                subscription=subscription,
                accepted_by_name=form.cleaned_data["name"],
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Your order has been submitted. The hub will confirm it by e-mail.")
            return redirect("schools:order-view", urn=school.urn, public_id=public_id)
    context = agreement_context(subscription) | {"form": form}
    return render(request, "schools/sla/order_review.html", context)


@ordering_contact_required
def order_agreement(request, school, public_id):
    back = reverse("schools:order-view", args=[school.urn, public_id])
    return agreement_response(request, sla.get_school_order(school, public_id), back=back)


@login_required
def order_usage(request, urn, public_id):
    """Bought, delivered and remaining: for every contact of the school, with no money shown."""
    school = selectors.get_school_for(request.user, urn)
    subscription = sla.get_school_order(school, public_id)
    context = {
        "school": school,
        "subscription": subscription,
        "usage": sla.usage_for(subscription),
        "deliveries": sla.deliveries_of(subscription),
    }
    return render(request, "schools/sla/order_usage.html", context)


# --- Finance ------------------------------------------------------------------------------------------------


@role_required(*FINANCE_ROLES)
def order_list(request):
    form = OrderFilterForm(request.GET or None, years=sla.financial_years())
    filters = form.cleaned_data if form.is_valid() else {}
    orders = sla.orders(
        year=filters.get("year"), status=filters.get("status", ""), query=filters.get("q", "")
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(order, services.subscription_totals(order)) for order in page]
    return render(request, "schools/sla/order_list.html", {"form": form, "page": page, "rows": rows})


def _order_detail(request, subscription, *, return_form=None, status=200):
    context = agreement_context(subscription)
    priced = {line.key: line for line in context["totals"].lines}
    context |= {
        "return_form": return_form or ReturnOrderForm(),
        "usage": sla.usage_for(subscription),
        "deliveries": sla.deliveries_of(subscription),
        "amendments": [
            (line, priced[f"line:{line.pk}"]) for line in subscription.lines.all() if line.amendment > 0
        ],
    }
    return render(request, "schools/sla/order_detail.html", context, status=status)


@role_required(*FINANCE_ROLES)
def order_detail(request, public_id):
    return _order_detail(request, sla.get_order(public_id))


@role_required(*FINANCE_ROLES)
@require_POST
def order_approve(request, public_id):
    subscription = sla.get_order(public_id)
    try:
        services.approve_order(subscription=subscription, by=request.user)
    except services.SlaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The order from {subscription.school.name} is approved; the school is told."
        )
    return redirect("schools:order-detail", public_id=public_id)


@role_required(*FINANCE_ROLES)
@require_POST
def order_return(request, public_id):
    subscription = sla.get_order(public_id)
    form = ReturnOrderForm(request.POST)
    if form.is_valid():
        try:
            services.return_order(
                subscription=subscription,
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The order has been returned to {subscription.school.name}.")
            return redirect("schools:order-detail", public_id=public_id)
    return _order_detail(request, subscription, return_form=form, status=400)


@role_required(*FINANCE_ROLES)
@require_http_methods(["GET", "POST"])
def order_amend(request, public_id):
    subscription = sla.get_order(public_id)
    form = AmendmentForm(request.POST or None, services=sla.services_of(subscription.catalogue))
    if subscription.status != subscription.Status.APPROVED:
        messages.error(request, "Only an approved order can be amended.")
        return redirect("schools:order-detail", public_id=public_id)
    if request.method == "POST" and form.is_valid():
        try:
            number = services.amend_order(
                subscription=subscription,
                service=form.cleaned_data["service"],
                quantity=form.cleaned_data["quantity"],
                by=request.user,
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Amendment {number} has been added and invoiced.")
            return redirect("schools:order-detail", public_id=public_id)
    context = {"subscription": subscription, "form": form, "usage": sla.usage_for(subscription)}
    return render(request, "schools/sla/order_amend.html", context)


@role_required(*FINANCE_ROLES)
def order_agreement_staff(request, public_id):
    back = reverse("schools:order-detail", args=[public_id])
    return agreement_response(request, sla.get_order(public_id), back=back)


# --- Delivery -----------------------------------------------------------------------------------------------


@role_required(*DELIVERY_ROLES)
def delivery_orders(request):
    tutor = services.is_tutor(request.user)
    has_schools = tutor and sla.approved_orders(taught_by=request.user).exists()
    form = DeliverySearchForm(request.GET or None, tutor=tutor, has_schools=has_schools)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    orders = sla.approved_orders(query=query, taught_by=request.user if form.only_mine() else None)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/sla/delivery_orders.html", {"form": form, "page": page})


@role_required(*DELIVERY_ROLES)
@require_http_methods(["GET", "POST"])
def delivery_add(request, public_id):
    subscription = sla.get_order(public_id)
    if subscription.status != subscription.Status.APPROVED:
        messages.error(request, "Delivery is recorded against approved orders only.")
        return redirect("schools:delivery-orders")
    usage = sla.usage_for(subscription)
    bought = [row.service.pk for row in usage if row.bought > 0]
    form = DeliveryForm(
        request.POST or None,
        subscription=subscription,
        services=subscription.catalogue.services.filter(pk__in=bought),
        tutors=sla.tutors(),
        initial={
            "delivered_on": timezone.localdate(),
            "delivered_by": request.user if services.is_tutor(request.user) else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            delivery = services.record_delivery(
                subscription=subscription, by=request.user, **form.cleaned_data
            )
        except services.SlaError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Recorded: {delivery}.")
            return redirect("schools:delivery-add", public_id=public_id)
    context = {
        "subscription": subscription,
        "form": form,
        "usage": usage,
        "deliveries": sla.deliveries_of(subscription)[:20],
    }
    return render(request, "schools/sla/delivery_form.html", context)
