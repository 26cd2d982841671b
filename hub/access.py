"""Who may reach what: staff roles, the role check for views, and two-factor sign-in for staff."""

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from hub.models import StaffRole

STAFF_PATH_PREFIXES = ("/staff/", "/admin/")


class Section:
    """Which staff roles reach each part of the portal; the views' checks and the navigation both read it."""

    SCHOOLS = (StaffRole.HUB_ADMIN, StaffRole.FINANCE, StaffRole.INCLUSION_LEAD, StaffRole.TUTOR)
    PUPILS = (StaffRole.HUB_ADMIN, StaffRole.INCLUSION_LEAD)
    MONEY = (StaffRole.HUB_ADMIN, StaffRole.FINANCE)  # SLA catalogues and orders, invoices, invoice runs
    DELIVERY = (StaffRole.HUB_ADMIN, StaffRole.FINANCE, StaffRole.TUTOR)
    PEOPLE = (StaffRole.HUB_ADMIN,)  # staff, roles, invitations, the audit trail, the register
    # Lesson types and fees, teaching slots, waiting lists and offers, enrolments and re-enrolment.
    LESSONS = (StaffRole.HUB_ADMIN,)
    # Registers: a tutor marks their own lessons (scoped by the selectors); the hub admin sees them all.
    REGISTERS = (StaffRole.HUB_ADMIN, StaffRole.TUTOR)
    # Remission categories and decisions on families' applications.
    REMISSIONS = (StaffRole.HUB_ADMIN, StaffRole.FINANCE)
    # The instrument store: the inventory and its import, hire fees, requests, hires, repairs.
    INSTRUMENTS = (StaffRole.HUB_ADMIN, StaffRole.INSTRUMENT_STORE)
    # Ensembles and their sections: a leader only the ensembles they lead (scoped by the selectors); the hub
    # admin sees them all, and alone adds ensembles and sets their fees (role_required(StaffRole.HUB_ADMIN)).
    ENSEMBLES = (StaffRole.HUB_ADMIN, StaffRole.ENSEMBLE_LEADER)


def staff_roles(user) -> frozenset[str]:
    """The staff roles a user holds, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_staff_roles"):
        names = set(user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True))
        user._staff_roles = frozenset(names)
    return user._staff_roles


def is_staff_member(user) -> bool:
    return bool(staff_roles(user)) or (user.is_authenticated and user.is_superuser)


def has_role(user, *roles: str) -> bool:
    return bool(staff_roles(user) & set(roles))


def role_required(*roles: StaffRole | Iterable[StaffRole]) -> Callable:
    """Let in signed-in staff holding one of the roles; others get 403, strangers the sign-in page.

    Give a section, `role_required(Section.MONEY)`, or roles, `role_required(StaffRole.HUB_ADMIN)`.
    """
    wanted = tuple(role for item in roles for role in ((item,) if isinstance(item, str) else item))

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise PermissionDenied("Your account does not have the role this page needs.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def guardian_required(view):
    """Let in signed-in parents and carers; others get 403, strangers the sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "guardian", None) is None:
            raise PermissionDenied("Only parents and carers have children on their account.")
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    """Any staff role will do."""
    return role_required(StaffRole.values)(view)


def must_use_two_factor(user) -> bool:
    """Anyone who can reach staff pages or the back office: a staff role, or Django's staff flags."""
    return user.is_authenticated and (is_staff_member(user) or user.is_staff)


def needs_two_factor(user) -> bool:
    return must_use_two_factor(user) and not is_mfa_enabled(user)


def signed_in_with_two_factor(request) -> bool:
    """Whether this session's sign-in included a code from the authenticator, as allauth recorded it."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffTwoFactorMiddleware:
    """Staff reach no staff page, nor the admin site, until they have set up an authenticator app and
    this session has used it: an account that merely has an app could have signed in some other way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PATH_PREFIXES) and must_use_two_factor(request.user):
            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    "Staff accounts must use two-factor sign-in. Set up an authenticator app to continue.",
                )
                return redirect("mfa_activate_totp")
            if not signed_in_with_two_factor(request):
                messages.info(request, "Confirm it's you with a code from your authenticator app.")
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


def roles_list(roles: Iterable[str]) -> str:
    return ", ".join(sorted(roles)) or "none"
