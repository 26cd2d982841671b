"""Instrument hire's charge source for the family billing run (registered with hub.billing.sources in apps).

A hire is charged a term's fee when the instrument was out on a day of the term after its first: checked out
on or before the term's last day, and not back by its first (an instrument handed in on the first day of
term is not charged for it). The fee is the termly hire fee of the instrument's type for the term's academic
year; a type the hub has set no fee for that year is not charged (the fees page says so).

A family's hire is charged to the guardian who pays for it, with the child's remissions (billing prices them:
hub.billing.remissions.price_fee applies those that cover hire). A class set lent to a school is charged to
the school's account, without remissions, unless it is free under the school's SLA. A class set is charged one
line per instrument, each keyed by its own hire as a family's is, and not one line per loan: an instrument
that comes back early, or joins the set later, is then charged for the terms it was out and no others, a
repeated run charges only what is new, and the school's invoice lists each tag it holds.

A class set's charge is for no child: its pupil id is 0 and its name "Class set".

A damage charge recorded when an instrument comes back is billed once, to whoever paid for the hire, on the
bill of the term it came back in or of the term after (an instrument returned in the holidays, or after its
term's run): a run looks back to the start of the term before. It is not a fee, so no remission applies.
"""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from hub.billing.models import Activity
from hub.billing.sources import FamilyCharge, Payer, register, term_name
from hub.calendar import term_before
from hub.models import Term
from instruments.models import Hire, HireFee
from schools.selectors.remissions import approved_categories_by_pupil
from schools.services.invoicing import school_account

CLASS_SET = "Class set"


def hires_out_in(term: Term, payers: Collection[Payer] | None = None) -> QuerySet[Hire]:
    """The hires out on a day of the term after its first that someone pays for: every payer's, or those of
    the payers given (a guardian's own hires; a paying school's class sets)."""
    hires = Hire.objects.filter(
        Q(returned_on__isnull=True) | Q(returned_on__gt=term.starts_on),
        status__in=[Hire.Status.OUT, Hire.Status.RETURNED],
        checked_out_on__lte=term.ends_on,
    ).exclude(class_set__free_under_sla=True)
    return _paid_by(hires, payers)


def damaged_in(term: Term, payers: Collection[Payer] | None = None) -> QuerySet[Hire]:
    """The hires that came back damaged since the start of the term before this one, up to its end."""
    previous = term_before(term)
    hires = Hire.objects.filter(
        status=Hire.Status.RETURNED,
        damage_charge__gt=0,
        returned_on__gte=previous.starts_on if previous else term.starts_on,
        returned_on__lte=term.ends_on,
    )
    return _paid_by(hires, payers)


def _paid_by(hires: QuerySet[Hire], payers: Collection[Payer] | None) -> QuerySet[Hire]:
    if payers is not None:
        hires = hires.filter(
            Q(payer_id__in=[p.guardian_id for p in payers if p.is_family])
            | Q(class_set__school__billing_account_id__in=[p.account_id for p in payers if not p.is_family])
        )
    return hires.select_related("instrument__instrument_type", "pupil", "class_set__school").order_by("pk")


def _payer_of(hire: Hire, accounts: dict[int, int]) -> Payer:
    """The guardian who pays, or the school's account (made on first use) for a class set."""
    if hire.class_set is None:
        assert hire.payer_id is not None  # a database constraint: a hire is a family's or a class set's
        return Payer(guardian_id=hire.payer_id)
    school = hire.class_set.school
    if school.billing_account_id is not None:
        return Payer(account_id=school.billing_account_id)
    # A school billed for the first time: only the run's plan (every payer) meets it, never a batch.
    if school.pk not in accounts:
        accounts[school.pk] = school_account(school).pk
    return Payer(account_id=accounts[school.pk])


def term_charges(term: Term, payers: Collection[Payer] | None = None) -> list[FamilyCharge]:
    """The term's hire charges and damage charges: every payer's, or those of the payers given (a billing
    run's batch), in five queries however many."""
    hires = list(hires_out_in(term, payers))
    fees = dict(
        HireFee.objects.filter(academic_year_id=term.academic_year_id).values_list(
            "instrument_type_id", "termly_fee"
        )
    )
    categories = approved_categories_by_pupil(
        {hire.pupil_id for hire in hires if hire.pupil_id is not None}, term.academic_year
    )
    accounts: dict[int, int] = {}
    charges = []
    for hire in hires:
        fee = fees.get(hire.instrument.instrument_type_id)
        if fee is None:
            continue
        pupil = hire.pupil
        charges.append(
            _charge(
                hire,
                accounts,
                description=f"{_what(hire)} hire, {term_name(term)} ({hire.instrument.asset_tag})",
                fee=fee,
                source_key=f"instruments:hire:{hire.pk}:term:{term.slug}",
                categories=tuple(categories.get(pupil.pk, ())) if pupil else (),
            )
        )
    for hire in damaged_in(term, payers):
        charges.append(
            _charge(
                hire,
                accounts,
                description=f"Damage to the {_what(hire)} ({hire.instrument.asset_tag}), returned "
                f"{hire.returned_on:%d/%m/%Y}",
                fee=hire.damage_charge,
                source_key=f"instruments:hire:{hire.pk}:damage",
            )
        )
    return charges


def _what(hire: Hire) -> str:
    instrument = hire.instrument
    kind = instrument.instrument_type.name
    return f"{instrument.size} {kind}" if instrument.size else kind


def _charge(hire: Hire, accounts: dict[int, int], **line) -> FamilyCharge:
    pupil = hire.pupil
    return FamilyCharge(
        payer=_payer_of(hire, accounts),
        pupil_id=pupil.pk if pupil else 0,
        pupil_name=f"{pupil.first_name} {pupil.last_name}" if pupil else CLASS_SET,
        activity=Activity.HIRE,
        **line,
    )


def register_source() -> None:
    register("instruments", term_charges)
