"""The lines of a credit note: an invoice's lines credited in whole or in proportion, or reductions."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from hub.billing.models import InvoiceLine
from hub.money import PENNY, ZERO, round_money, round_money_down

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CreditedSoFar(TypedDict):
    """What the credit notes issued so far took from a line: gross and net (see credit_invoice)."""

    credited: Decimal
    credited_net: Decimal


def share_out(amount: Decimal, room: list[Decimal]) -> list[Decimal]:
    """Split `amount` across lines in proportion to what each has left to credit, never past it."""
    room = [max(r, ZERO) for r in room]  # a part credit never touches discount lines
    whole = sum(room, ZERO)
    shares = [round_money_down(amount * r / whole) for r in room]
    left = amount - sum(shares, ZERO)
    for i, r in enumerate(room):
        while left > 0 and shares[i] < r:
            shares[i] += PENNY
            left -= PENNY
    return shares


def credit_values(line: WithAnnotations[InvoiceLine, CreditedSoFar], gross: Decimal) -> dict:
    """A credit line's figures: the line as charged when it is credited whole, else one unit of the share."""
    if gross == line.gross:
        quantity, unit_price, net, vat = line.quantity, line.unit_price, line.net, line.vat
    elif gross == line.gross - line.credited:
        # The last of a line: exactly what is left of its net, so the notes add up to its net and VAT.
        net = line.net - line.credited_net
        quantity, unit_price, vat = Decimal("1.00"), net, gross - net
    else:
        net = round_money(gross * 100 / (100 + line.vat_rate))
        quantity, unit_price, vat = Decimal("1.00"), net, gross - net
    return {
        "description": f"Credit: {line.description}"[:300],
        "quantity": quantity,
        "unit_price": unit_price,
        "vat_rate": line.vat_rate,
        "net": net,
        "vat": vat,
        "gross": gross,
        "credited_line": line,
    }
