"""Floor 3: the account page, one place that says who you are and links e-mail, password and two-factor."""

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hub.access import roles_list, staff_roles


@login_required
def account(request):
    user = request.user
    contacts = user.school_contacts.select_related("school").order_by("school__name")
    return render(
        request,
        "hub/account.html",
        {
            "primary_email": EmailAddress.objects.get_primary_email(user) or user.email,
            "staff_roles": roles_list(staff_roles(user)) if staff_roles(user) else "",
            "is_guardian": hasattr(user, "guardian"),
            "contacts": contacts,
            "two_factor": is_mfa_enabled(user),
        },
    )
