"""The SLA catalogue pages (hub admin, finance): a year's services and packages, publishing and copying."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hub.access import Section, role_required
from schools import errors
from schools.forms.catalogue import CatalogueForm, CopyCatalogueForm, PackageForm, ServiceForm
from schools.forms.fields import show_error
from schools.forms.orders import (
    service_rows,
)
from schools.selectors import catalogue as catalogue_selectors
from schools.services import catalogue as catalogue_services

PAGE_SIZE = 50


@role_required(Section.MONEY)
def catalogue_list(request):
    context = {"rows": catalogue_selectors.catalogue_rows()}
    return render(request, "schools/sla/catalogue_list.html", context)


@role_required(Section.MONEY)
@require_POST
def catalogue_start(request, year):
    financial_year = catalogue_selectors.get_financial_year(year)
    try:
        catalogue_services.start_catalogue(financial_year=financial_year, by=request.user)
    except errors.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:catalogue-list")
    messages.success(
        request,
        f"The {financial_year} catalogue has been started. Add its services, "
        "or copy an earlier year's catalogue into it.",
    )
    return redirect("schools:catalogue-detail", year=year)


@role_required(Section.MONEY)
def catalogue_detail(request, year):
    catalogue = catalogue_selectors.get_catalogue(year)
    context = {
        "catalogue": catalogue,
        "services": catalogue_selectors.services_of(catalogue),
        "packages": catalogue_selectors.packages_of(catalogue),
        "can_copy": catalogue_selectors.years_without_catalogue_after(catalogue).exists(),
        "can_delete": catalogue_selectors.can_delete(catalogue),
    }
    return render(request, "schools/sla/catalogue_detail.html", context)


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, year):
    catalogue = catalogue_selectors.get_catalogue(year)
    form = CatalogueForm(request.POST or None, instance=catalogue)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.update_catalogue(
                catalogue=catalogue,
                terms=form.cleaned_data["terms"],
                order_deadline=form.cleaned_data["order_deadline"],
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, "The catalogue's terms and deadline have been saved.")
            return redirect("schools:catalogue-detail", year=year)
    return render(request, "schools/sla/catalogue_form.html", {"catalogue": catalogue, "form": form})


def _frozen(request, catalogue):
    """The catalogue page with the service's reason, if the catalogue can no longer be changed."""
    try:
        catalogue_services.refuse_if_published(catalogue)
    except errors.SlaError as error:
        messages.error(request, str(error))
        return redirect("schools:catalogue-detail", year=catalogue.financial_year.name)
    return None


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def service_edit(request, year, code=None):
    catalogue = catalogue_selectors.get_catalogue(year)
    service = catalogue_selectors.get_service(catalogue, code) if code else None
    if refused := _frozen(request, catalogue):
        return refused
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue_services.save_service(
                catalogue=catalogue, data=form.cleaned_data, service=service, by=request.user
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("schools:catalogue-detail", year=year)
    context = {"catalogue": catalogue, "form": form, "service": service}
    return render(request, "schools/sla/service_form.html", context)


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def package_edit(request, year, code=None):
    catalogue = catalogue_selectors.get_catalogue(year)
    package = catalogue_selectors.get_package(catalogue, code) if code else None
    if refused := _frozen(request, catalogue):
        return refused
    data = request.POST if request.method == "POST" else None
    initial = (
        [{"service": i.service_id, "quantity": i.quantity} for i in package.items.all()] if package else []
    )
    form = PackageForm(data, instance=package)
    items = service_rows(
        data,
        prefix="items",
        services=catalogue_selectors.services_of(catalogue),
        initial=initial,
        add="add_line" in request.POST,
    )
    if data is not None and "add_line" not in request.POST and form.is_valid() & items.is_valid():
        try:
            saved = catalogue_services.save_package(
                catalogue=catalogue,
                data=form.cleaned_data,
                items=items.rows(),
                package=package,
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The {saved.name} package has been saved.")
            return redirect("schools:catalogue-detail", year=year)
    context = {"catalogue": catalogue, "form": form, "items": items, "package": package}
    return render(request, "schools/sla/package_form.html", context)


@role_required(Section.MONEY)
@require_POST
def catalogue_publish(request, year):
    catalogue = catalogue_selectors.get_catalogue(year)
    try:
        catalogue_services.publish_catalogue(catalogue=catalogue, by=request.user)
    except errors.SlaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The {catalogue.financial_year} catalogue is published: schools can order."
        )
    return redirect("schools:catalogue-detail", year=year)


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def catalogue_copy(request, year):
    catalogue = catalogue_selectors.get_catalogue(year)
    form = CopyCatalogueForm(
        request.POST or None, years=catalogue_selectors.years_without_catalogue_after(catalogue)
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = catalogue_services.copy_catalogue(
                source=catalogue,
                to_year=form.cleaned_data["to_year"],
                uplift_percent=form.cleaned_data["uplift_percent"],
                by=request.user,
            )
        except errors.SlaError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The catalogue has been copied to {copy.financial_year} as a draft.")
            return redirect("schools:catalogue-detail", year=copy.financial_year.name)
    return render(request, "schools/sla/catalogue_copy.html", {"catalogue": catalogue, "form": form})


@role_required(Section.MONEY)
@require_http_methods(["GET", "POST"])
def catalogue_delete(request, year):
    catalogue = catalogue_selectors.get_catalogue(year)
    if request.method == "POST":
        try:
            catalogue_services.delete_draft_catalogue(catalogue=catalogue, by=request.user)
        except errors.SlaError as error:
            messages.error(request, str(error))
            return redirect("schools:catalogue-detail", year=year)
        messages.success(request, f"The draft {catalogue.financial_year} catalogue has been deleted.")
        return redirect("schools:catalogue-list")
    context = {"catalogue": catalogue, "can_delete": catalogue_selectors.can_delete(catalogue)}
    return render(request, "schools/sla/catalogue_delete.html", context)
