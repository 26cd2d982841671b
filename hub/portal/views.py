"""Floor 3: home pages for each kind of user, staff administration and the audit trail."""

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ensembles.selectors.applications import family_ensembles
from ensembles.selectors.schedule import next_rehearsals
from hub import selectors
from hub.access import is_staff_member, role_required, staff_required, staff_roles
from hub.accounts import services as accounts
from hub.accounts.forms import AcceptInvitationForm
from hub.calendar import academic_start_year, academic_year_name
from hub.calendar_links import live_link
from hub.forms import AuditSearchForm, GuardianDetailsForm, StaffEditForm, StaffInviteForm
from hub.models import StaffRole
from hub.models.calendar import year_group_in, year_group_label
from hub.portal import dashboard
from instruments.selectors import requests as hire_selectors
from schools.selectors.people import children_for, schools_for
from schools.selectors.remissions import awards_by_child
from tuition.selectors.enrolments import family_lesson_links

PAGE_SIZE = 50
# When the accessibility statement's checks were last made (automated and by keyboard): change it with them.
ACCESSIBILITY_CHECKED_ON = datetime.date(2026, 12, 7)


def home(request):
    """Send each signed-in person to their own home page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "hub/landing.html")
    if is_staff_member(user):
        return redirect("hub:staff-home")
    if schools_for(user).exists():
        return redirect("schools:contact-home")
    if hasattr(user, "guardian"):
        return redirect("hub:family-home")
    return render(request, "hub/no_role.html")


@login_required
def family_home(request):
    guardian = getattr(request.user, "guardian", None)
    if guardian is None:
        raise PermissionDenied("Only parents and carers have a family account.")
    children = list(children_for(guardian))
    # The family's own children: what follows reads by them, not by joining back through the family.
    child_ids = [child.pk for child in children]
    remissions = awards_by_child(child_ids)
    ensembles = {item.child.pk: item for item in family_ensembles(guardian, children=children)}
    memberships = [membership for item in ensembles.values() for membership in item.memberships]
    rehearsals = next_rehearsals(memberships, timezone.localdate())
    # The school year by the national rule (1 September), not a query for the hub's academic year.
    start_year = academic_start_year(timezone.localdate())
    for child in children:
        child.year_group = year_group_label(year_group_in(start_year, child.date_of_birth))
        child.remissions = remissions.get(child.pk, [])
        child.next_rehearsals = rehearsals.get(child.pk, [])
        child.ensembles = ensembles.get(child.pk)
    context = {
        "guardian": guardian,
        "children": children,
        "lessons": family_lesson_links(child_ids),
        "hires": hire_selectors.open_hires(child_ids),
        "hire_requests_waiting": hire_selectors.waiting_requests(child_ids),
        "year": academic_year_name(start_year),
        "calendar_link": live_link(guardian),
    }
    return render(request, "hub/family_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def guardian_details(request):
    guardian = getattr(request.user, "guardian", None)
    if guardian is None:
        raise PermissionDenied("Only parents and carers have a family account.")
    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
    form = GuardianDetailsForm(request.POST or None, instance=guardian, initial=initial)
    if request.method == "POST" and form.is_valid():
        accounts.update_guardian_details(guardian=guardian, data=form.cleaned_data, by=request.user)
        messages.success(request, "Your details have been saved.")
        return redirect("hub:family-home")
    return render(request, "hub/guardian_details.html", {"form": form})


@staff_required
def staff_home(request):
    roles = staff_roles(request.user)
    context = {
        "roles": sorted(roles),
        "figures": dashboard.figures_for(request.user, roles),
        "academic_year": selectors.current_academic_year(),
        "financial_year": selectors.current_financial_year(),
    }
    return render(request, "hub/staff_home.html", context)


@role_required(StaffRole.HUB_ADMIN)
def staff_list(request):
    context = {"staff": selectors.staff_rows(), "invitations": selectors.pending_invitations()}
    return render(request, "hub/staff_list.html", context)


@role_required(StaffRole.HUB_ADMIN)
@require_http_methods(["GET", "POST"])
def staff_invite(request):
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = accounts.invite_staff(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            roles=data["roles"],
            by=request.user,
        )
        roles = ", ".join(data["roles"])
        if user.has_usable_password():
            messages.success(
                request, f"{user.email} is now on the staff as {roles} and has been e-mailed to say so."
            )
        else:
            messages.success(
                request, f"{user.email} has been invited as {roles}; an invitation is on its way."
            )
        return redirect("hub:staff-list")
    return render(request, "hub/staff_invite.html", {"form": form})


@role_required(StaffRole.HUB_ADMIN)
@require_http_methods(["GET", "POST"])
def staff_edit(request, public_id):
    profile = selectors.get_staff_member(public_id)
    initial = {"roles": sorted(staff_roles(profile.user))}
    form = StaffEditForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accounts.update_staff_member(
            profile=profile, data=data, instruments=data["instruments"], roles=data["roles"], by=request.user
        )
        messages.success(request, f"{profile.user}'s details and roles have been saved.")
        return redirect("hub:staff-list")
    return render(request, "hub/staff_edit.html", {"form": form, "profile": profile})


@role_required(StaffRole.HUB_ADMIN)
def audit_log(request):
    form = AuditSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.audit_events(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.as_audit_rows(page.object_list)
    return render(request, "hub/audit_log.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = accounts.find_invitation(token)
    except accounts.AccountError as error:
        return render(request, "hub/invitation_invalid.html", {"reason": str(error)}, status=410)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.accept_invitation(token=token, password=form.cleaned_data["password1"])
        except accounts.AccountError as error:
            return render(request, "hub/invitation_invalid.html", {"reason": str(error)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your password is set and you are signed in. Welcome to the portal.")
        return redirect("hub:home")
    return render(request, "hub/invitation_accept.html", {"form": form, "invitation": invitation})


def accessibility(request):
    return render(request, "hub/accessibility.html", {"checked_on": ACCESSIBILITY_CHECKED_ON})


def privacy(request):
    return render(request, "hub/privacy.html")
