"""Money is Decimal pounds with two places; this is the one place that rounds it."""

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value) -> Decimal:
    """Round to the penny, halves away from zero (as HMRC and most ledgers do)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value) -> str:
    """A sum as the portal writes it: "£1,234.50", a negative one "−£12.00", none "—"."""
    if value in (None, ""):
        return "—"
    amount = round_money(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def round_money_down(value) -> Decimal:
    """Cut to the penny towards zero: for sharing a sum out, where the pennies left over are then dealt."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_DOWN)


def vat_on(net: Decimal, rate_percent: Decimal) -> Decimal:
    return round_money(net * rate_percent / Decimal(100))


def split_in_parts(amounts: Sequence[Decimal], parts: int) -> list[list[Decimal]]:
    """Split each sum into `parts` shares that add up to it exactly, keeping the parts as even as they go.

    Each share is the sum's whole pennies divided by `parts`; the odd pennies left over are dealt out in turn,
    one to each part from the first, carrying on from sum to sum. So no two parts of one sum differ by more
    than a penny, and neither do the parts' totals (nor those of any run of sums dealt together).
    """
    dealt, shares = 0, []
    for amount in amounts:
        pennies = amount * 100
        if pennies != pennies.to_integral_value():
            raise ValueError(f"{amount} is not a sum in whole pennies.")
        base, odd = divmod(int(pennies), parts)
        split = [base] * parts
        for _ in range(odd):
            split[dealt % parts] += 1
            dealt += 1
        shares.append([round_money(Decimal(share) / 100) for share in split])
    return shares
