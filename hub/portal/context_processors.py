from django.conf import settings

from hub.access import Section, has_role, is_staff_member, staff_roles
from hub.models import StaffRole


def portal(request):
    """The hub's name and what the navigation offers the signed-in person."""
    user = request.user
    context = {"hub_name": settings.HUB_NAME, "hub_email": settings.HUB_EMAIL}
    if user.is_authenticated:
        context["nav"] = {
            "is_staff": is_staff_member(user),
            "roles": staff_roles(user),
            "can_schools": has_role(user, *Section.SCHOOLS),
            "can_pupils": has_role(user, *Section.PUPILS),
            "can_money": has_role(user, *Section.MONEY),
            "can_delivery": has_role(user, *Section.DELIVERY),
            "can_people": has_role(user, *Section.PEOPLE),
            "can_lessons": has_role(user, *Section.LESSONS),
            "can_remissions": has_role(user, *Section.REMISSIONS),
            "can_instruments": has_role(user, *Section.INSTRUMENTS),
            "can_ensembles": has_role(user, *Section.ENSEMBLES),
            # Today and Registers in the bar are a tutor's; the hub admin reaches registers from their home.
            "is_tutor": has_role(user, StaffRole.TUTOR),
            "is_contact": user.school_contacts.exists(),
            "is_guardian": hasattr(user, "guardian"),
        }
    return context
