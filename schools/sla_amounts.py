"""What an SLA order costs: one computation for the order form, the agreement, the lists and the e-mails."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from hub.money import ZERO, round_money, split_evenly, vat_on
from schools.models import Package, Service, Subscription, SubscriptionLine


@dataclass(frozen=True)
class LineAmount:
    """One priced line of an order: the package, or a service times a quantity."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal
    vat_rate: Decimal
    net: Decimal
    vat: Decimal
    amendment: int = 0

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineAmount, ...]
    net: Decimal
    vat: Decimal
    total: Decimal


def price_line(
    *, description: str, quantity: Decimal | None, unit_price: Decimal, vat_rate: Decimal, amendment: int = 0
) -> LineAmount:
    """Net is the quantity times the unit price to the penny; VAT is worked out on each line's net."""
    net = round_money(unit_price if quantity is None else quantity * unit_price)
    return LineAmount(description, quantity, unit_price, vat_rate, net, vat_on(net, vat_rate), amendment)


def sum_lines(lines: Iterable[LineAmount]) -> Totals:
    lines = tuple(lines)
    net = sum((line.net for line in lines), ZERO)
    vat = sum((line.vat for line in lines), ZERO)
    return Totals(lines=lines, net=net, vat=vat, total=net + vat)


def order_totals(*, package: Package | None, lines: Iterable[tuple[Service, Decimal]]) -> Totals:
    """An order being built, at the catalogue's current prices: the order form's running total."""
    priced = []
    if package is not None:
        priced.append(
            price_line(
                description=f"{package.name} package",
                quantity=None,
                unit_price=package.price,
                vat_rate=package.vat_rate,
            )
        )
    for service, quantity in lines:
        priced.append(
            price_line(
                description=service.name,
                quantity=quantity,
                unit_price=service.unit_price,
                vat_rate=service.vat_rate,
            )
        )
    return sum_lines(priced)


def subscription_totals(
    subscription: Subscription,
    *,
    amendment: int | None = None,
    lines: Iterable[SubscriptionLine] | None = None,
) -> Totals:
    """The totals of a saved order from its copied prices: every line, or only those of one amendment.

    Reads `subscription.lines.all()`, so a prefetch keeps a list of orders to one query for all their lines.
    """
    priced = []
    if subscription.package_id and amendment in (None, 0):
        priced.append(
            price_line(
                description=f"{subscription.package.name} package",
                quantity=None,
                unit_price=subscription.package_price,
                vat_rate=subscription.package_vat_rate,
            )
        )
    for line in subscription.lines.all() if lines is None else lines:
        if amendment is None or line.amendment == amendment:
            priced.append(
                price_line(
                    description=line.service.name,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    vat_rate=line.vat_rate,
                    amendment=line.amendment,
                )
            )
    return sum_lines(priced)


def order_lines_prefetch() -> Prefetch:
    """The lines of orders with their services, for subscription_totals over many orders at once."""
    return Prefetch(
        "lines", queryset=SubscriptionLine.objects.select_related("service").order_by("amendment", "id")
    )


def instalment_amounts(total: Decimal, instalments: int) -> list[Decimal]:
    """What each instalment charges; they add up to the total exactly."""
    return split_evenly(total, instalments)
