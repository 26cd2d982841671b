"""The hire agreement: a guardian accepts its terms (care, the replacement value, the termly fee) once, in the
portal, before the instrument may go home with the child."""

from django.db import transaction
from django.utils import timezone

from hub.audit import record_change, snapshot
from hub.models import AuditEvent, User
from hub.selectors import current_academic_year
from instruments.errors import InstrumentsError
from instruments.models import Hire
from instruments.naming import a_kind
from instruments.pricing import termly_hire_fee_for
from instruments.services.hires import HIRE_FIELDS, lock_hire
from instruments.services.requests import guardian_of


@transaction.atomic
def accept_agreement(*, hire: Hire, by: User) -> Hire:
    """A guardian of the child accepts the hire agreement: recorded with who, when, and the replacement
    value it showed."""
    hire = lock_hire(hire)
    if hire.class_set_id is not None:
        raise InstrumentsError("A class set is lent to a school under its SLA: it has no family agreement.")
    assert hire.pupil is not None  # a hire is to a child or a class set (a check constraint)
    guardian_of(hire.pupil, by)
    if hire.agreement_accepted_at is not None:
        accepted = timezone.localtime(hire.agreement_accepted_at)
        raise InstrumentsError(
            f"This agreement was already accepted on {accepted:%d/%m/%Y} at {accepted:%H:%M}."
        )
    if not hire.is_open:
        raise InstrumentsError(
            f"This hire is {hire.get_status_display().lower()}: there is nothing to accept."
        )
    instrument = hire.instrument
    year = current_academic_year()
    if termly_hire_fee_for(hire.pupil, instrument.instrument_type, year) is None:
        raise InstrumentsError(
            f"The hub has not set the hire fee for {a_kind(instrument.instrument_type)} this year yet: "
            "please try again later, or contact the hub."
        )
    before = snapshot(hire, HIRE_FIELDS)
    hire.status = Hire.Status.AGREEMENT_ACCEPTED
    hire.agreement_accepted_at, hire.agreement_accepted_by = timezone.now(), by
    hire.agreed_replacement_value = instrument.replacement_value
    hire.save(
        update_fields=[
            "status",
            "agreement_accepted_at",
            "agreement_accepted_by",
            "agreed_replacement_value",
            "updated_at",
        ]
    )
    record_change(
        actor=by,
        instance=hire,
        action=AuditEvent.Action.UPDATED,
        before=before,
        after=snapshot(hire, HIRE_FIELDS),
    )
    return hire
