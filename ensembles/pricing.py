"""What a family is shown for an ensemble: its termly fee for a year, after the remissions the child holds
for that year. The one function that prices fees (hub/billing/remissions.py) does the sums, as it does for
the charge the family billing run makes (ensembles/billing.py)."""

from decimal import Decimal

from ensembles.models import Ensemble, EnsembleFee
from hub.billing.models import Activity, RemissionCategory
from hub.billing.remissions import PricedFee, price_fee
from hub.models import AcademicYear
from schools.models import Pupil
from schools.selectors.remissions import approved_categories, approved_categories_by_pupil


def termly_ensemble_fee(fee: Decimal, categories: list[RemissionCategory]) -> PricedFee:
    return price_fee(fee=fee, activity=Activity.ENSEMBLES, categories=categories)


def termly_ensemble_fee_for(pupil: Pupil, ensemble: Ensemble, year: AcademicYear | None) -> PricedFee | None:
    """The ensemble's termly fee in `year` for this child, with their remission for that year as its own
    line; None when the hub has set no fee for the ensemble that year."""
    if year is None:
        return None
    # By id, not the model's ordering, which joined the year and the ensemble to find the one fee.
    fee = (
        EnsembleFee.objects.filter(ensemble=ensemble, academic_year=year)
        .order_by("pk")
        .values_list("termly_fee", flat=True)
        .first()
    )
    if fee is None:
        return None
    return termly_ensemble_fee(fee, approved_categories(pupil, year))


def family_fees(user, ensemble: Ensemble, year: AcademicYear | None) -> list[tuple[Pupil, PricedFee]]:
    """What a signed-in parent's children would each pay a term for the ensemble in `year`, after their
    remissions (the ensemble's page shows it); empty for anyone else, or when no fee is set."""
    guardian = getattr(user, "guardian", None) if user.is_authenticated else None
    if guardian is None or year is None:
        return []
    # By id, not the model's ordering, which joined the year and the ensemble to find the one fee.
    fee = (
        EnsembleFee.objects.filter(ensemble=ensemble, academic_year=year)
        .order_by("pk")
        .values_list("termly_fee", flat=True)
        .first()
    )
    if fee is None:
        return []
    children = list(guardian.children.order_by("first_name", "last_name", "pk"))
    awards = approved_categories_by_pupil([child.pk for child in children], year)
    return [(child, termly_ensemble_fee(fee, awards.get(child.pk, []))) for child in children]
