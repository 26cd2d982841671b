from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, guardian_required, role_required
from hub.billing import selectors as billing
from hub.money import ZERO
from hub.pagination import page_counted
from hub.selectors import current_academic_year
from schools import errors
from schools.access import school_contact_required
from schools.forms.people import ChildForm, ContactInviteForm, EqualityForm, PupilSearchForm, SchoolSearchForm
from schools.selectors import delivery as delivery_selectors
from schools.selectors import money as money_selectors
from schools.selectors import orders as order_selectors
from schools.selectors import people as people_selectors
from schools.selectors import remissions as remission_selectors
from schools.services import people as people_services

PAGE_SIZE = 50


@login_required
def contact_home(request):
    schools = people_selectors.schools_for(request.user, with_ordering=True)
    if not schools:
        raise PermissionDenied("Your account is not a contact of any school.")
    return render(request, "schools/contact_home.html", {"schools": schools})


@school_contact_required()
def school_detail(request, school):
    context = {
        "school": school,
        "contact": people_selectors.contact_for(request.user, school),
        "contacts": people_selectors.contacts_of(school),
    }
    return render(request, "schools/school_detail.html", context)


@guardian_required
@require_http_methods(["GET", "POST"])
def child_add(request):
    guardian = request.user.guardian
    form = ChildForm(request.POST or None)
    equality_form = EqualityForm(request.POST or None, prefix="eq")
    if request.method == "POST" and form.is_valid() and equality_form.is_valid():
        equality = equality_form.cleaned_data if equality_form.has_answers() else None
        try:
            child = people_services.add_child(
                guardian=guardian, data=form.cleaned_data, equality=equality, by=request.user
            )
        except errors.SchoolsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{child.first_name} has been added to your account.")
            return redirect("schools:child-detail", public_id=child.public_id)
    return render(request, "schools/child_form.html", {"form": form, "equality_form": equality_form})


@guardian_required
@require_http_methods(["GET", "POST"])
def child_edit(request, public_id):
    child = people_selectors.get_child_for(request.user, public_id)
    record = people_selectors.own_child_equality(child)
    form = ChildForm(request.POST or None, instance=child)
    equality_form = EqualityForm(request.POST or None, prefix="eq", instance=record)
    if request.method == "POST" and form.is_valid() and equality_form.is_valid():
        equality = equality_form.cleaned_data if equality_form.has_answers() else None
        people_services.update_child(pupil=child, data=form.cleaned_data, equality=equality, by=request.user)
        messages.success(request, f"{child.first_name}'s details have been saved.")
        return redirect("schools:child-detail", public_id=child.public_id)
    context = {"form": form, "equality_form": equality_form, "child": child}
    return render(request, "schools/child_form.html", context)


@guardian_required
def child_detail(request, public_id):
    child = people_selectors.get_child_for(request.user, public_id)
    context = {
        "child": child,
        "equality": people_selectors.own_child_equality(child),
        "year": current_academic_year(),
        "remissions": remission_selectors.awards_by_child([child.pk]).get(child.pk, []),
    }
    return render(request, "schools/child_detail.html", context)


@role_required(Section.SCHOOLS)
def staff_school_list(request):
    form = SchoolSearchForm(request.GET or None, phases=people_selectors.phases())
    filters = form.cleaned_data if form.is_valid() else {}
    schools = people_selectors.search_schools(
        query=filters.get("q", ""),
        area=filters.get("area", ""),
        phase=filters.get("phase", ""),
        status=filters.get("status", ""),
    )
    page = page_counted(people_selectors.as_listed(schools), schools, request.GET.get("page"), PAGE_SIZE)
    return render(request, "schools/staff_school_list.html", {"form": form, "page": page})


@role_required(Section.SCHOOLS)
def staff_school_detail(request, urn):
    school = people_selectors.get_school(urn)
    orders = order_selectors.orders_listed(school)
    newest = orders[0] if orders else None
    account = billing.account_with_balance(school.billing_account_id)
    context = {
        "school": school,
        "account": account,
        "contacts": people_selectors.contacts_of(school),
        "orders": orders,
        "usage": (
            delivery_selectors.usage_of(
                order_id=newest.pk, catalogue_id=newest.catalogue_id, package_id=newest.package_id
            )
            if newest
            else []
        ),
        "invoices": money_selectors.invoice_rows(account)[:20],
        "balance": account.balance if account else ZERO,
    }
    return render(request, "schools/staff_school_detail.html", context)


@role_required(Section.PEOPLE)
@require_http_methods(["GET", "POST"])
def contact_invite(request, urn):
    school = people_selectors.get_school(urn)
    form = ContactInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = people_services.invite_contact(
                school=school,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                can_order=data["can_order"],
                by=request.user,
            )
        except errors.SchoolsError as error:
            form.add_error("email", str(error))
        else:
            told = (
                " and has been e-mailed to say so"
                if contact.user.has_usable_password()
                else "; an invitation to set a password is on its way"
            )
            messages.success(request, f"{contact.user.email} is now a contact of {school.name}{told}.")
            return redirect("schools:staff-school-detail", urn=school.urn)
    return render(request, "schools/contact_invite.html", {"school": school, "form": form})


@role_required(Section.PUPILS)
def staff_pupil_list(request):
    form = PupilSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = people_selectors.pupil_page(query=query, number=request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "schools/staff_pupil_list.html",
        {"form": form, "page": page, "year": current_academic_year()},
    )


@role_required(Section.PUPILS)
def staff_pupil_detail(request, public_id):
    pupil = people_selectors.get_pupil(public_id)
    context = {
        "pupil": pupil,
        "can_see_equality": people_selectors.can_see_equality(request.user),
        "equality": people_selectors.equality_for(request.user, pupil),
        "year": current_academic_year(),
    }
    return render(request, "schools/staff_pupil_detail.html", context)
