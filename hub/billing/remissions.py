"""What a family pays for an activity after remissions and the sibling discount: the one function that both
shows a fee (to a parent choosing lessons, on a bill) and charges it (the family billing run).

Floor 0, because lessons, hire and ensembles all use it and may not import each other. Which child holds
which award, for which academic year, is schools' business (schools/models/remissions.py); this module
takes the categories that apply and does the sums.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from hub.billing.models import RemissionCategory
from hub.money import ZERO, round_money


@dataclass(frozen=True)
class Reduction:
    """Money off a fee, shown on the bill as its own line."""

    kind: str  # "remission" or "sibling": the last part of the line's source key
    description: str
    amount: Decimal  # off, so never negative


@dataclass(frozen=True)
class PricedFee:
    fee: Decimal
    reductions: tuple[Reduction, ...]

    @property
    def total_off(self) -> Decimal:
        return sum((reduction.amount for reduction in self.reductions), ZERO)

    @property
    def to_pay(self) -> Decimal:
        return self.fee - self.total_off


def remission_off(category: RemissionCategory, fee: Decimal) -> Decimal:
    """What one category takes off a term's fee: its percentage or sum, no more than its cap or the fee."""
    assert category.percent is not None or category.amount is not None  # a database constraint
    # The sum and the cap are rounded too: a category not read from the database (a form's preview) may
    # hold more places, and what is shown and charged is always whole pennies.
    off = round_money(
        fee * category.percent / Decimal(100) if category.percent is not None else category.amount
    )
    if category.cap_per_term is not None:
        off = min(off, round_money(category.cap_per_term))
    return min(off, fee)


def sibling_percent() -> Decimal:
    return Decimal(settings.HUB_SIBLING_DISCOUNT_PERCENT)


def price_fee(
    *,
    fee: Decimal,
    activity: str,
    categories: Iterable[RemissionCategory] = (),
    sibling: bool = False,
) -> PricedFee:
    """A term's fee for one child and activity, with the remission and the sibling discount as reductions.

    The hub's policy: awards do not add up; the one that takes the most off applies. The sibling discount
    (a percentage, for every child of a family after the first) is taken from what is left after it.
    """
    fee = round_money(fee)
    reductions: list[Reduction] = []
    covering = [c for c in categories if c.is_active and c.covers(activity)]
    if covering and fee > 0:
        best = max(covering, key=lambda c: (remission_off(c, fee), -c.pk if c.pk else 0))
        off = remission_off(best, fee)
        if off > 0:
            reductions.append(Reduction("remission", f"Remission: {best.name}", off))
    left = fee - sum((r.amount for r in reductions), ZERO)
    percent = sibling_percent()
    if sibling and percent > 0 and left > 0:
        off = min(round_money(left * percent / Decimal(100)), left)
        if off > 0:
            reductions.append(Reduction("sibling", f"Sibling discount ({percent.normalize():f}%)", off))
    return PricedFee(fee=fee, reductions=tuple(reductions))


def describe(category: RemissionCategory) -> str:
    """What a category takes off, in words a family reads: "50% off, at most £80.00 a term: lessons, hire"."""
    off = (
        f"{category.percent.normalize():f}% off"
        if category.percent is not None
        else f"£{round_money(category.amount or ZERO):,.2f} off a term"
    )
    if category.cap_per_term is not None:
        off += f", at most £{round_money(category.cap_per_term):,.2f} a term"
    covered = [
        name
        for name, covers in (
            ("lessons", category.covers_lessons),
            ("instrument hire", category.covers_hire),
            ("ensembles", category.covers_ensembles),
        )
        if covers
    ]
    if not covered:
        return f"{off}: covers nothing"
    listed = covered[0] if len(covered) == 1 else f"{', '.join(covered[:-1])} and {covered[-1]}"
    return f"{off}: {listed}"
