"""Ensembles' charge source for the family billing run (registered with hub.billing.sources in apps.py).

A membership is charged a term's fee when it was held in the term: for the term's academic year, joined on
or before the term's last day, and not left before its first (a member who leaves part-way through a term
pays for it, as a lesson enrolment ending part-way does; one who left in the holidays before it does not).
A part term is a whole term's fee, as for lessons and hire. The fee is the ensemble's termly fee for the
academic year (ensembles/pricing.py shows it to the family the same way); an ensemble the hub has set no fee
for that year is not charged. It goes to the membership's payer, with the child's remissions that cover
ensembles (billing prices them: hub.billing.remissions.price_fee). The sibling discount is for lessons alone
(hub/billing/family_bill.py), so an ensemble fee, like a hire, never gets it.
"""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from ensembles.models import EnsembleFee, Membership
from hub.billing.models import Activity
from hub.billing.sources import FamilyCharge, Payer, register, term_name
from hub.models import Term
from schools.selectors.remissions import approved_categories_by_pupil


def memberships_in(term: Term, payers: Collection[Payer] | None = None) -> QuerySet[Membership]:
    """The memberships held in the term: every payer's, or those the given payers pay for (a run's batch)."""
    held = Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=term.starts_on),
        academic_year_id=term.academic_year_id,
        joined_on__lte=term.ends_on,
    )
    if payers is not None:
        held = held.filter(payer_id__in=[p.guardian_id for p in payers if p.is_family])
    return held.select_related("ensemble", "section", "pupil").order_by("pk")


def term_charges(term: Term, payers: Collection[Payer] | None = None) -> list[FamilyCharge]:
    """The term's ensemble fees: every payer's, or those of the payers given, in three queries however
    many (one when there are none)."""
    memberships = list(memberships_in(term, payers))
    if not memberships:  # most of a run's families play in no ensemble: no more queries for them
        return []
    fees = dict(
        EnsembleFee.objects.filter(
            academic_year_id=term.academic_year_id,
            ensemble_id__in={membership.ensemble_id for membership in memberships},
        ).values_list("ensemble_id", "termly_fee")
    )
    categories = approved_categories_by_pupil({m.pupil_id for m in memberships}, term.academic_year)
    charges = []
    for membership in memberships:
        fee = fees.get(membership.ensemble_id)
        if fee is None:
            continue
        pupil = membership.pupil
        charges.append(
            FamilyCharge(
                payer=Payer(guardian_id=membership.payer_id),
                pupil_id=pupil.pk,
                pupil_name=f"{pupil.first_name} {pupil.last_name}",
                activity=Activity.ENSEMBLES,
                description=f"{membership.ensemble.name} ({membership.section.name}), {term_name(term)}",
                fee=fee,
                source_key=f"ensembles:membership:{membership.pk}:term:{term.slug}",
                categories=tuple(categories.get(pupil.pk, ())),
            )
        )
    return charges


def register_source() -> None:
    register("ensembles", term_charges)
