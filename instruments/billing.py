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
"""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from hub.billing.models import Activity
from hub.billing.sources import FamilyCharge, Payer, register, term_name
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
    """The term's hire charges: every payer's, or those of the payers given (a billing run's batch), in three
    queries however many."""
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
        instrument = hire.instrument
        fee = fees.get(instrument.instrument_type_id)
        if fee is None:
            continue
        kind = instrument.instrument_type.name
        what = f"{instrument.size} {kind}" if instrument.size else kind
        pupil = hire.pupil
        charges.append(
            FamilyCharge(
                payer=_payer_of(hire, accounts),
                pupil_id=pupil.pk if pupil else 0,
                pupil_name=f"{pupil.first_name} {pupil.last_name}" if pupil else CLASS_SET,
                activity=Activity.HIRE,
                description=f"{what} hire, {term_name(term)} ({instrument.asset_tag})",
                fee=fee,
                source_key=f"instruments:hire:{hire.pk}:term:{term.slug}",
                categories=tuple(categories.get(pupil.pk, ())) if pupil else (),
            )
        )
    return charges


def register_source() -> None:
    register("instruments", term_charges)
