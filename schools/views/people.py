from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.access import Section, role_required
from hub.billing import selectors as billing
from hub.models import StaffRole
from hub.selectors import current_academic_year
from schools import selectors, services, sla_selectors
from schools.forms import ChildForm, ContactInviteForm, EqualityForm, PupilSearchForm, SchoolSearchForm

PAGE_SIZE = 50


def _guardian(request):
    guardian = getattr(request.user, "guardian", None)
    if guardian is None:
        raise PermissionDenied("Only parents and carers have children on their account.")
    return guardian


@login_required
def contact_home(request):
    schools = selectors.schools_for(request.user)
    if not schools:
        raise PermissionDenied("Your account is not a contact of any school.")
    return render(request, "schools/contact_home.html", {"schools": schools})


@login_required
def school_detail(request, urn):
    school = selectors.get_school_for(request.user, urn)
    context = {
        "school": school,
        "contact": selectors.contact_for(request.user, school),
        "contacts": selectors.contacts_of(school),
    }
    return render(request, "schools/school_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def child_add(request):
    guardian = _guardian(request)
    form = ChildForm(request.POST or None)
    equality_form = EqualityForm(request.POST or None, prefix="eq")
    if request.method == "POST" and form.is_valid() and equality_form.is_valid():
        equality = equality_form.cleaned_data if equality_form.has_answers() else None
        try:
            child = services.add_child(
                guardian=guardian, data=form.cleaned_data, equality=equality, by=request.user
            )
        except services.SchoolsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{child.first_name} has been added to your account.")
            return redirect("schools:child-detail", public_id=child.public_id)
    return render(request, "schools/child_form.html", {"form": form, "equality_form": equality_form})


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request, public_id):
    _guardian(request)
    child = selectors.get_child_for(request.user, public_id)
    record = selectors.equality_for(request.user, child)
    form = ChildForm(request.POST or None, instance=child)
    equality_form = EqualityForm(request.POST or None, prefix="eq", instance=record)
    if request.method == "POST" and form.is_valid() and equality_form.is_valid():
        equality = equality_form.cleaned_data if equality_form.has_answers() else None
        services.update_child(pupil=child, data=form.cleaned_data, equality=equality, by=request.user)
        messages.success(request, f"{child.first_name}'s details have been saved.")
        return redirect("schools:child-detail", public_id=child.public_id)
    context = {"form": form, "equality_form": equality_form, "child": child}
    return render(request, "schools/child_form.html", context)


@login_required
def child_detail(request, public_id):
    _guardian(request)
    child = selectors.get_child_for(request.user, public_id)
    context = {
        "child": child,
        "equality": selectors.equality_for(request.user, child),
        "year": current_academic_year(),
    }
    return render(request, "schools/child_detail.html", context)


@role_required(*Section.SCHOOLS)
def staff_school_list(request):
    form = SchoolSearchForm(request.GET or None, phases=selectors.phases())
    filters = form.cleaned_data if form.is_valid() else {}
    schools = selectors.search_schools(
        query=filters.get("q", ""),
        area=filters.get("area", ""),
        phase=filters.get("phase", ""),
        status=filters.get("status", ""),
    )
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/staff_school_list.html", {"form": form, "page": page})


@role_required(*Section.SCHOOLS)
def staff_school_detail(request, urn):
    school = selectors.get_school(urn)
    subscriptions = list(sla_selectors.subscriptions_of(school))
    context = {
        "school": school,
        "contacts": selectors.contacts_of(school),
        "subscriptions": subscriptions,
        "usage": sla_selectors.usage_for(subscriptions[0]) if subscriptions else [],
        "invoices": billing.invoices_for_account(school.billing_account)[:20],
        "balance": billing.account_balance(school.billing_account),
    }
    return render(request, "schools/staff_school_detail.html", context)


@role_required(StaffRole.HUB_ADMIN)
@require_http_methods(["GET", "POST"])
def contact_invite(request, urn):
    school = selectors.get_school(urn)
    form = ContactInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.invite_contact(
                school=school,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                can_order=data["can_order"],
                by=request.user,
            )
        except services.SchoolsError as error:
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


@role_required(*Section.PUPILS)
def staff_pupil_list(request):
    form = PupilSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.search_pupils(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/staff_pupil_list.html",
        {"form": form, "page": page, "year": current_academic_year()},
    )


@role_required(*Section.PUPILS)
def staff_pupil_detail(request, public_id):
    pupil = selectors.get_pupil(public_id)
    context = {
        "pupil": pupil,
        "can_see_equality": selectors.can_see_equality(request.user),
        "equality": selectors.equality_for(request.user, pupil),
        "year": current_academic_year(),
    }
    return render(request, "schools/staff_pupil_detail.html", context)
