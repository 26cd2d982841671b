"""How large an SLA order, amendment or price may be: far above any real school's, well inside the database.

The database holds money to 12 digits and quantities to 10: 99,999,999.99 hours was once accepted, approved,
and then failed the invoice run with "numeric field overflow". The forms say these limits next to the field;
the services refuse them whatever calls them.
"""

from collections.abc import Iterable
from decimal import Decimal

from schools.errors import SlaError
from schools.models import Package, Service, Subscription
from schools.pricing import Totals, price_line, subscription_totals, sum_lines

MAX_QUANTITY = Decimal("10000")
MAX_UNIT_PRICE = Decimal("100000.00")
MAX_PACKAGE_PRICE = Decimal("1000000.00")
MAX_ORDER_TOTAL = Decimal("1000000.00")

QUANTITY_TOO_LARGE = f"A quantity can be at most {MAX_QUANTITY:,}."
AMENDMENT_TOO_LARGE = f"An amendment can add or take away at most {MAX_QUANTITY:,}."
UNIT_PRICE_TOO_LARGE = f"A unit price can be at most £{MAX_UNIT_PRICE:,.2f}."
PACKAGE_PRICE_TOO_LARGE = f"A package price can be at most £{MAX_PACKAGE_PRICE:,.2f}."


def check_quantities(lines: Iterable[tuple[Service, Decimal]], *, field: str | None = None) -> None:
    for service, quantity in lines:
        if abs(quantity) > MAX_QUANTITY:
            raise SlaError(f"The quantity of {service.name} can be at most {MAX_QUANTITY:,}.", field=field)


def check_order_total(totals: Totals, *, field: str | None = None) -> None:
    if totals.total > MAX_ORDER_TOTAL:
        raise SlaError(
            f"An order can come to at most £{MAX_ORDER_TOTAL:,.2f}; this one would come to "
            f"£{totals.total:,.2f}. Check the quantities.",
            field=field,
        )


def check_amendment(*, subscription: Subscription, service: Service, quantity: Decimal) -> None:
    """The amendment's quantity, and the order's total with it, are within the limits."""
    check_quantities([(service, quantity)], field="quantity")
    added = price_line(
        description=service.name, quantity=quantity, unit_price=service.unit_price, vat_rate=service.vat_rate
    )
    check_order_total(sum_lines([*subscription_totals(subscription).lines, added]), field="quantity")


def check_prices(
    *, services: Iterable[Service] = (), packages: Iterable[Package] = (), field: str | None = None
) -> None:
    """Catalogue prices are within the limits (a copy's uplift can push them over)."""
    for service in services:
        if service.unit_price > MAX_UNIT_PRICE:
            raise SlaError(
                f"{service.name} would cost £{service.unit_price:,.2f} a unit. {UNIT_PRICE_TOO_LARGE}",
                field=field or "unit_price",
            )
    for package in packages:
        if package.price > MAX_PACKAGE_PRICE:
            raise SlaError(
                f"The {package.name} package would cost £{package.price:,.2f}. {PACKAGE_PRICE_TOO_LARGE}",
                field=field or "price",
            )
