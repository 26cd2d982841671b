"""The e-mails about hires past their due date: to the guardian who pays for a family's hire, and to a
school's contacts about the instruments of a class set it holds. Sent through hub/mail.py's outbox."""

import datetime

from django.urls import reverse

from hub.mail import salutation, send_templated, site_url
from hub.models import Job, User
from instruments.models import Hire
from schools.models import School, SchoolContact


def _instrument(hire: Hire) -> str:
    """ "3/4 Violin (VN-0001)": what the e-mail calls the instrument."""
    instrument = hire.instrument
    kind = instrument.instrument_type.name
    return (
        f"{instrument.size} {kind} ({instrument.asset_tag})"
        if instrument.size
        else f"{kind} ({instrument.asset_tag})"
    )


def _days(hire: Hire, today: datetime.date) -> int:
    assert hire.due_back_on is not None  # only overdue hires are reminded of
    return (today - hire.due_back_on).days


def remind_family(hire: Hire, *, today: datetime.date, job: Job | None = None) -> list[str]:
    """E-mail the guardian who pays for the hire; the addresses e-mailed (none if they have no address)."""
    assert hire.payer is not None and hire.pupil is not None  # a family's hire
    user = hire.payer.user
    to = [user.email] if user.email and user.is_active else []
    send_templated(
        "instruments/email/overdue_family",
        {
            "greeting": salutation([user]),
            "child": hire.pupil,
            "instrument": _instrument(hire),
            "hire": hire,
            "days": _days(hire, today),
            "link": site_url(reverse("hub:family-home")),
        },
        to=to,
        job=job,
    )
    return to


def class_set_contacts(school: School) -> list[User]:
    """Who hears about a class set: the school's music leads, or, if it has none, those who may order."""
    contacts = list(
        SchoolContact.objects.filter(school=school, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    leads = [c.user for c in contacts if c.role == SchoolContact.Role.MUSIC_LEAD]
    return leads or [c.user for c in contacts if c.can_order]


def remind_school(hires: list[Hire], *, today: datetime.date, job: Job | None = None) -> list[str]:
    """E-mail the school's contacts about the overdue instruments of one class set, in one e-mail."""
    assert hires and hires[0].class_set is not None
    school = hires[0].class_set.school
    contacts = class_set_contacts(school)
    to = [user.email for user in contacts if user.email]
    send_templated(
        "instruments/email/overdue_class_set",
        {
            "greeting": salutation(contacts),
            "school": school,
            "instruments": [(_instrument(hire), hire.due_back_on, _days(hire, today)) for hire in hires],
            "link": site_url(reverse("schools:contact-home")),
        },
        to=to,
        job=job,
    )
    return to
