"""Property: for any SLA order, every figure a school is shown is what it is invoiced, and the instalments
add up to the order.

Hypothesis draws orders (a package or none, lines with fractional quantities, VAT at 0, 5 or 20%, one or
three instalments, amendments that add or take away) as unsaved model instances, so no database is touched:
the order pages, agreement and e-mails read `subscription_totals` and `instalment_plan`; the invoices are the
Charges from `instalment_charges` and `amendment_charges`, priced as billing prices them.
"""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.billing.services import _credit_for_charge
from hub.models import FinancialYear
from schools.limits import MAX_QUANTITY, MAX_UNIT_PRICE
from schools.models import Catalogue, Package, School, Service, Subscription, SubscriptionLine
from schools.pricing import instalment_plan, subscription_totals
from schools.services.invoicing import amendment_charges, instalment_charges

ZERO = Decimal("0.00")
VAT_RATES = [Decimal("0.00"), Decimal("5.00"), Decimal("20.00")]


def hundredths(low: int, high: int, *awkward: str):
    """Decimals with two places, the awkward ones (an odd penny, a half penny when multiplied) drawn often."""
    drawn = st.integers(low, high).map(lambda n: Decimal(n) / 100)
    return st.one_of(st.sampled_from([Decimal(a) for a in awkward]), drawn) if awkward else drawn


prices = hundredths(
    0, int(MAX_UNIT_PRICE * 100), "10.03", "25.00", "220.00", "0.01", "0.02", "33.33", "1000.00"
)
quantities = st.one_of(
    st.integers(1, 40).map(Decimal), hundredths(1, int(MAX_QUANTITY * 100), "1.5", "0.5", "2.25", "7.5")
)
services = st.tuples(prices, st.sampled_from(VAT_RATES), st.sampled_from(list(Service.Unit.values)))


@st.composite
def orders(draw):
    """An approved order, unsaved: (subscription, its lines in order, the amendments' numbers)."""
    year = FinancialYear(name="2026-27")
    catalogue = Catalogue(pk=1, financial_year=year)
    package = draw(
        st.none() | st.tuples(hundredths(0, 100_000_000, "1000.00", "0.01"), st.sampled_from(VAT_RATES))
    )
    school = School(urn=100001, name="Hillside Primary School")
    subscription = Subscription(
        pk=7, school=school, catalogue=catalogue, instalments=draw(st.sampled_from([1, 3]))
    )
    if package is not None:
        subscription.package = Package(pk=3, name="Core", price=package[0], vat_rate=package[1])
        subscription.package_price, subscription.package_vat_rate = package
    drawn = draw(st.lists(st.tuples(services, quantities), min_size=0 if package else 1, max_size=5))
    lines, catalogue_services = [], []
    for pk, ((price, rate, unit), quantity) in enumerate(drawn, start=1):
        service = Service(pk=pk, name=f"Service {pk}", unit=unit, unit_price=price, vat_rate=rate)
        catalogue_services.append(service)
        lines.append(
            SubscriptionLine(pk=pk, service=service, quantity=quantity, unit_price=price, vat_rate=rate)
        )
    amendments = draw(st.lists(st.tuples(st.booleans(), services, quantities), max_size=3))
    for number, (reduce, (price, rate, unit), quantity) in enumerate(amendments, start=1):
        pk = len(lines) + 1
        if reduce and catalogue_services:
            service = draw(st.sampled_from(catalogue_services))
            price, rate, quantity = service.unit_price, service.vat_rate, -quantity
        else:
            service = Service(
                pk=100 + number, name=f"Extra {number}", unit=unit, unit_price=price, vat_rate=rate
            )
        lines.append(
            SubscriptionLine(
                pk=pk, service=service, quantity=quantity, unit_price=price, vat_rate=rate, amendment=number
            )
        )
    return subscription, lines, [n for n, _ in enumerate(amendments, start=1)]


def _sums(charges) -> tuple[Decimal, Decimal]:
    return sum((c.net for c in charges), ZERO), sum((c.vat_amount for c in charges), ZERO)


@settings(
    derandomize=True,
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(orders())
def test_what_an_order_shows_is_what_its_invoices_charge_and_the_instalments_add_up(order):
    subscription, lines, amendments = order
    agreed = subscription_totals(subscription, amendment=0, lines=lines)
    shown = instalment_plan(agreed, subscription.instalments)  # what the pages, PDF and e-mails print
    invoiced = [instalment_charges(subscription, n, lines=lines) for n in range(1, len(shown) + 1)]

    # (a) Each instalment's net, VAT and total as shown are what its invoice charges.
    for instalment, charges in zip(shown, invoiced, strict=True):
        assert _sums(charges) == (instalment.net, instalment.vat)
        assert sum((c.net + c.vat_amount for c in charges), ZERO) == instalment.total
    # ... and each line of the agreement (its net and VAT) is what its invoice lines charge, all told.
    for line in agreed.lines:
        charges = [c for cs in invoiced for c in cs if c.source_key.endswith(f":{line.key}")]
        assert _sums(charges) == (line.net, line.vat), line
        if subscription.instalments == 1 and charges:
            (charge,) = charges
            assert (charge.quantity, charge.unit_price) == (line.quantity or 1, line.unit_price)
    # Every invoice line reads true: its quantity times its unit price is its net, to the penny.
    for charge in (c for cs in invoiced for c in cs):
        assert abs(charge.net - charge.quantity * charge.unit_price) <= Decimal("0.005")

    # (b) The instalments add up to the order, net, VAT and total, and differ by a penny at most.
    assert sum((i.net for i in shown), ZERO) == agreed.net
    assert sum((i.vat for i in shown), ZERO) == agreed.vat
    assert sum((i.total for i in shown), ZERO) == agreed.total
    assert max(i.total for i in shown) - min(i.total for i in shown) <= Decimal("0.01")

    # Amendments: each line as the order page shows it is what its invoice, or its credit note, carries.
    with_amendments = agreed.total
    for number in amendments:
        priced = subscription_totals(subscription, amendment=number, lines=lines)
        charges = amendment_charges(subscription, number, lines=lines)
        assert len(charges) == len(priced.lines)
        for line, charge in zip(priced.lines, charges, strict=True):
            if line.net < 0:
                credit = _credit_for_charge(charge)
                assert (-credit["net"], -credit["vat"], -credit["gross"]) == (line.net, line.vat, line.total)
            else:
                assert (charge.net, charge.vat_amount) == (line.net, line.vat)
            assert (charge.quantity, charge.unit_price) == (line.quantity, line.unit_price)
        with_amendments += priced.total
    assert subscription_totals(subscription, lines=lines).total == with_amendments
