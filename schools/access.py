"""Who may reach a school's pages: its contacts, and for orders, prices and invoices only those who may order.

Declared on the pattern of hub/access.py's `role_required` and `guardian_required`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from schools.selectors.people import get_school_for

CANNOT_ORDER = "schools/sla/cannot_order.html"


def school_contact_required(*, can_order: bool = False, refused_template: str = CANNOT_ORDER) -> Callable:
    """Let in a signed-in contact of the school in the URL (404 for any other school) and hand the view the
    school; with `can_order`, only contacts who may order and see invoices (others get 403 saying why)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, urn, *args, **kwargs):
            school = get_school_for(request.user, urn)
            if can_order and not school.may_order:
                message = (
                    f"Only contacts allowed to order for {school.name} can see its orders and prices. "
                    "Ask the hub office if you need to."
                )
                context = {"school": school, "message": message}
                return render(request, refused_template, context, status=403)
            return view(request, school, *args, **kwargs)

        return wrapped

    return decorator
