"""Money is Decimal pounds with two places; this is the one place that rounds it."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value) -> Decimal:
    """Round to the penny, halves away from zero (as HMRC and most ledgers do)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def vat_on(net: Decimal, rate_percent: Decimal) -> Decimal:
    return round_money(net * rate_percent / Decimal(100))


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """Split a sum into instalments that add up to it exactly; the last takes the odd pennies."""
    share = round_money(total / parts)
    return [share] * (parts - 1) + [round_money(total - share * (parts - 1))]
