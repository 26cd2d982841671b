"""The instrument store's e-mails to families (through hub/mail.py's outbox)."""

from django.urls import reverse

from hub.mail import salutation, send_templated, site_url
from hub.selectors import current_academic_year
from instruments.models import Hire
from instruments.naming import kind
from instruments.pricing import termly_hire_fee_for


def allocation_context(hire: Hire) -> dict:
    year = current_academic_year()
    return {
        "kind": kind(hire.instrument.instrument_type, hire.instrument.size),
        "greeting": salutation([hire.payer.user]),
        "hire": hire,
        "child": hire.pupil,
        "instrument": hire.instrument,
        "year": year,
        "fee": termly_hire_fee_for(hire.pupil, hire.instrument.instrument_type, year),
        "link": site_url(reverse("instruments:hire-agreement", kwargs={"public_id": hire.public_id})),
        "instruments_link": site_url(reverse("instruments:family-instruments")),
    }


def tell_of_allocation(hire: Hire) -> None:
    """An instrument is allocated: the family reads and accepts the hire agreement, then collects it."""
    hire = Hire.objects.select_related("pupil", "payer__user", "instrument__instrument_type").get(pk=hire.pk)
    send_templated("instruments/email/allocated", allocation_context(hire), to=[hire.payer.user.email])
