"""The instrument store's e-mails to families (through hub/mail.py's outbox)."""

from django.urls import reverse

from hub.mail import salutation, send_templated, site_url
from hub.selectors import current_academic_year
from instruments.models import Hire, HireRequest
from instruments.naming import a_kind, kind
from instruments.pricing import termly_hire_fee_for


def allocation_context(hire: Hire) -> dict:
    year = current_academic_year()
    return {
        "kind": kind(hire.instrument.instrument_type, hire.instrument.size),
        "a_kind": a_kind(hire.instrument.instrument_type, hire.instrument.size),
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


def tell_of_decline(hire_request: HireRequest) -> None:
    """The hub declined a request: the family is told why, and where to see their child's instruments."""
    context = {
        "wanted": a_kind(hire_request.instrument_type, hire_request.size),
        "greeting": salutation([hire_request.requested_by.user]),
        "child": hire_request.pupil,
        "hire_request": hire_request,
        "reason": hire_request.decline_reason,
        "instruments_link": site_url(reverse("instruments:family-instruments")),
    }
    send_templated("instruments/email/declined", context, to=[hire_request.requested_by.user.email])


def tell_of_cancelled_allocation(hire: Hire, *, back_to_queue: bool) -> None:
    """The instrument allocated is no longer held for the child: the family is told, and whether the child is
    back in the queue."""
    assert hire.pupil is not None and hire.payer is not None  # a family's hire
    context = {
        "kind": kind(hire.instrument.instrument_type, hire.instrument.size),
        "wanted": a_kind(hire.instrument.instrument_type, hire.instrument.size),
        "greeting": salutation([hire.payer.user]),
        "child": hire.pupil,
        "hire": hire,
        "back_to_queue": back_to_queue,
        "instruments_link": site_url(reverse("instruments:family-instruments")),
    }
    send_templated("instruments/email/allocation_cancelled", context, to=[hire.payer.user.email])
