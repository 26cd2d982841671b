"""What an SLA order costs: the one computation for the order form, the agreement, the lists, the e-mails and
the invoices.

`price_line` prices a line, `instalment_plan` says what each instalment charges line by line, and the
invoices are built from that plan: so what a school is shown is what it is charged. The functions on
`Totals` and `Instalment` read no database, so a property test can run them on thousands of orders.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from hub.money import ZERO, round_money, split_in_parts, vat_on
from schools.models import Package, Service, Subscription, SubscriptionLine

ONE = Decimal(1)


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
    # What the line charges for within its order ("package", "line:17"): the end of its invoice source key.
    key: str = ""
    unit: str = ""  # the service's unit as a person reads it, one and many: "hour", "hours"
    units: str = ""

    @property
    def total(self) -> Decimal:
        return self.net + self.vat

    @property
    def unit_label(self) -> str:
        return self.unit if self.quantity is not None and abs(self.quantity) == 1 else self.units


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineAmount, ...]
    net: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class InstalmentLine:
    """An order line's share of one instalment, with the quantity and unit price its invoice line shows."""

    line: LineAmount
    quantity: Decimal
    unit_price: Decimal
    net: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Instalment:
    number: int
    of: int
    lines: tuple[InstalmentLine, ...]
    net: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


def price_line(
    *,
    description: str,
    quantity: Decimal | None,
    unit_price: Decimal,
    vat_rate: Decimal,
    amendment: int = 0,
    key: str = "",
    unit: str = "",
    units: str = "",
) -> LineAmount:
    """Net is the quantity times the unit price to the penny; VAT is worked out on each line's net."""
    net = round_money(unit_price if quantity is None else quantity * unit_price)
    return LineAmount(
        description, quantity, unit_price, vat_rate, net, vat_on(net, vat_rate), amendment, key, unit, units
    )


def uplifted(price: Decimal, percent: Decimal) -> Decimal:
    """A price raised (or, below zero, lowered) by a percentage, to the penny: next year's catalogue."""
    return round_money(price * (1 + Decimal(percent) / 100))


def sum_lines(lines: Iterable[LineAmount]) -> Totals:
    lines = tuple(lines)
    net = sum((line.net for line in lines), ZERO)
    vat = sum((line.vat for line in lines), ZERO)
    return Totals(lines=lines, net=net, vat=vat, total=net + vat)


def instalment_plan(totals: Totals, parts: int) -> tuple[Instalment, ...]:
    """What each of `parts` instalments charges, line by line: the one rule for instalment amounts.

    Each line's net and its VAT are split into shares that add up to them exactly, the odd pennies dealt to
    the first instalments in turn, so instalments differ by a penny at most and add up to the order. Paid in
    one, an invoice line is the ordered quantity at the unit price; paid in instalments, it is one share.
    """
    count = len(totals.lines)
    shares = split_in_parts([line.net for line in totals.lines] + [line.vat for line in totals.lines], parts)
    plan = []
    for index in range(parts):
        lines = tuple(
            InstalmentLine(
                line=line,
                quantity=(line.quantity if line.quantity is not None else ONE) if parts == 1 else ONE,
                unit_price=line.unit_price if parts == 1 else shares[n][index],
                net=shares[n][index],
                vat=shares[count + n][index],
            )
            for n, line in enumerate(totals.lines)
        )
        net = sum((line.net for line in lines), ZERO)
        vat = sum((line.vat for line in lines), ZERO)
        plan.append(Instalment(number=index + 1, of=parts, lines=lines, net=net, vat=vat))
    return tuple(plan)


def _service_line(service: Service, **fields) -> LineAmount:
    unit = service.get_unit_display().lower()
    units = unit if service.unit == Service.Unit.FLAT else f"{unit}s"
    return price_line(description=service.name, unit=unit, units=units, **fields)


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
                key="package",
            )
        )
    for service, quantity in lines:
        priced.append(
            _service_line(
                service, quantity=quantity, unit_price=service.unit_price, vat_rate=service.vat_rate
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
                key="package",
            )
        )
    for line in subscription.lines.all() if lines is None else lines:
        if amendment is None or line.amendment == amendment:
            priced.append(
                _service_line(
                    line.service,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    vat_rate=line.vat_rate,
                    amendment=line.amendment,
                    key=f"line:{line.pk}",
                )
            )
    return sum_lines(priced)


def order_total(
    *, package: tuple[Decimal, Decimal] | None, lines: Iterable[tuple[Decimal, Decimal, Decimal]]
) -> Decimal:
    """What a saved order costs in all, priced as subscription_totals prices it, from plain values: the
    package's copied (price, VAT rate) if it has one, and each line's (quantity, unit price, VAT rate). For a
    list of orders, whose lines and services as models took longer to build than the page to draw."""
    priced = []
    if package is not None:
        priced.append(price_line(description="", quantity=None, unit_price=package[0], vat_rate=package[1]))
    for quantity, unit_price, vat_rate in lines:
        priced.append(price_line(description="", quantity=quantity, unit_price=unit_price, vat_rate=vat_rate))
    return sum_lines(priced).total


def agreed_instalments(
    subscription: Subscription, *, lines: Iterable[SubscriptionLine] | None = None
) -> tuple[Instalment, ...]:
    """The instalments of the order as agreed (amendments are invoiced on their own)."""
    agreed = subscription_totals(subscription, amendment=0, lines=lines)
    return instalment_plan(agreed, subscription.instalments)


def order_lines_prefetch() -> Prefetch:
    """The lines of orders with their services, for subscription_totals over many orders at once."""
    return Prefetch(
        "lines", queryset=SubscriptionLine.objects.select_related("service").order_by("amendment", "id")
    )
