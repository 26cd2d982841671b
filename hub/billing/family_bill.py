"""One account's termly bill: the sources' charges priced into invoice lines, grouped child by child.

Each child's charge becomes a line for the fee, then its reductions from hub.billing.remissions.price_fee
(the one function that both shows and charges a fee) as negative lines of their own ("Remission: ...",
"Sibling discount (10%)"), then its credits. Every line has its own source key, so nothing is charged twice.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from hub.billing.models import Activity
from hub.billing.remissions import PricedFee, price_fee
from hub.billing.services import Charge
from hub.billing.sources import FamilyCharge
from hub.money import ZERO

ONE = Decimal(1)


@dataclass(frozen=True)
class ChildBill:
    """One child's lines on the bill, in order, and what they come to."""

    pupil_id: int
    pupil_name: str
    charges: tuple[Charge, ...]

    @property
    def total(self) -> Decimal:
        return sum((charge.net for charge in self.charges), ZERO)


def sibling_discounted(charges: Iterable[FamilyCharge]) -> set[int]:
    """The children (pupil ids) of one account whose lessons get the sibling discount this term.

    The hub's sibling rule: within one family account and term, the child with the highest lessons fee
    (all their lessons' termly fees added up, before any remission) pays in full; every other child with
    lessons gets the discount on each of their lessons. On a tie, the child with the lowest pupil id pays in
    full, so that the same bill comes out on every run. Only lessons are discounted, and only on a family's
    account: a school paying for lessons under its SLA gets no sibling discount.
    """
    fees: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for charge in charges:
        if not charge.payer.is_family:
            return set()
        if charge.activity == Activity.LESSONS:
            fees[charge.pupil_id] += charge.fee
    if len(fees) < 2:
        return set()
    full_payer = max(fees, key=lambda pupil_id: (fees[pupil_id], -pupil_id))
    return set(fees) - {full_payer}


def priced(charge: FamilyCharge, *, discounted: set[int]) -> PricedFee:
    """The charge's fee after remission and (for a discounted child's lessons) the sibling discount."""
    return price_fee(
        fee=charge.fee,
        activity=charge.activity,
        categories=charge.categories,
        sibling=charge.activity == Activity.LESSONS and charge.pupil_id in discounted,
    )


def _line(description: str, amount: Decimal, source_key: str) -> Charge:
    return Charge(description=description[:300], quantity=ONE, unit_price=amount, source_key=source_key)


def _charge_lines(charge: FamilyCharge, price: PricedFee) -> list[Charge]:
    name = charge.pupil_name
    lines = [_line(f"{name}: {charge.description}", price.fee, charge.source_key)]
    lines += [
        _line(f"{name}: {reduction.description}", -reduction.amount, f"{charge.source_key}:{reduction.kind}")
        for reduction in price.reductions
    ]
    # Credits are given back from what this charge costs, never more, so that no bill goes below nothing.
    left = price.to_pay
    for credit in charge.credits:
        amount = min(credit.amount, left)
        if amount > 0:
            lines.append(_line(f"{name}: {credit.description}", -amount, credit.source_key))
            left -= amount
    return lines


def bill(charges: Iterable[FamilyCharge]) -> list[ChildBill]:
    """One account's charges as invoice lines, child by child (by name), each child's charges in order."""
    charges = list(charges)
    discounted = sibling_discounted(charges)
    by_child: dict[int, list[Charge]] = defaultdict(list)
    names: dict[int, str] = {}
    for charge in sorted(charges, key=lambda c: (c.pupil_name, c.pupil_id, c.activity, c.source_key)):
        names[charge.pupil_id] = charge.pupil_name
        by_child[charge.pupil_id] += _charge_lines(charge, priced(charge, discounted=discounted))
    return [ChildBill(pupil_id, names[pupil_id], tuple(lines)) for pupil_id, lines in by_child.items()]
