"""Properties of hub.billing.remissions.price_fee, the one function that shows and charges a family's fee.

Hypothesis draws fees (the awkward ones often: an odd penny, sums whose percentages fall on a half penny),
categories as unsaved instances (a percentage or a sum, capped or not, covering some activities, active or
not) and the hub's sibling percentage, so no database is touched. derandomize=True: the same examples run
every time, so a failure is seen again by whoever runs the suite next.
"""

from decimal import Decimal

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.billing.models import Activity, RemissionCategory
from hub.billing.remissions import PricedFee, price_fee
from hub.money import ZERO, round_money

CHECKS = settings(derandomize=True, max_examples=300, deadline=None)


def pounds(low: int, high: int, *awkward: str):
    """Sums in whole pennies, the awkward ones drawn often."""
    drawn = st.integers(low, high).map(lambda n: Decimal(n) / 100)
    return st.one_of(st.sampled_from([Decimal(a) for a in awkward]), drawn)


fees = pounds(0, 200_000, "0.01", "0.05", "33.33", "150.00", "99.99", "0.00", "12.35")
percents = pounds(1, 10_000, "100", "50", "33.33", "12.5", "0.01", "66.67")
sums_off = pounds(1, 300_000, "0.01", "50.00", "150.00", "999.99")
caps = st.one_of(st.none(), pounds(1, 200_000, "0.01", "25.00", "80.00"))
activities = st.sampled_from(list(Activity.values))
sibling_percents = st.sampled_from(["0", "10", "12.5", "33.33", "100", "7"])


# A bill names a remission by its category's name, and the hub's names are unique: so are those drawn here
# (two drawn alike made a remission of one look like the other's).
def _name(category: RemissionCategory) -> str:
    return category.name


@st.composite
def categories(draw, *, active=None, covering_all=False):
    as_percent = draw(st.booleans())
    covers = [True, True, True] if covering_all else [draw(st.booleans()) for _ in range(3)]
    return RemissionCategory(
        name=f"Category {draw(st.integers(0, 10**9))}",
        reason=RemissionCategory.Reason.DISCRETIONARY,
        percent=draw(percents) if as_percent else None,
        amount=None if as_percent else draw(sums_off),
        cap_per_term=draw(caps),
        covers_lessons=covers[0],
        covers_hire=covers[1],
        covers_ensembles=covers[2],
        is_active=draw(st.booleans()) if active is None else active,
    )


def _priced(fee, activity, cats, sibling, sibling_percent) -> PricedFee:
    with override_settings(HUB_SIBLING_DISCOUNT_PERCENT=sibling_percent):
        return price_fee(fee=fee, activity=activity, categories=cats, sibling=sibling)


def _off(priced: PricedFee, kind: str) -> Decimal:
    return sum((r.amount for r in priced.reductions if r.kind == kind), ZERO)


def _whole_pennies(amount: Decimal) -> bool:
    return amount == round_money(amount) and amount.as_tuple().exponent == -2


@CHECKS
@given(fees, activities, st.lists(categories(), max_size=4, unique_by=_name), st.booleans(), sibling_percents)
def test_never_negative_never_more_off_than_the_fee_and_always_whole_pennies(
    fee, activity, cats, sibling, sibling_percent
):
    priced = _priced(fee, activity, cats, sibling, sibling_percent)
    assert priced.to_pay >= ZERO
    assert priced.total_off <= priced.fee == fee
    assert priced.to_pay + priced.total_off == fee
    assert all(r.amount > ZERO for r in priced.reductions)
    assert all(_whole_pennies(amount) for amount in [priced.to_pay, *(r.amount for r in priced.reductions)])
    assert [r.kind for r in priced.reductions] in ([], ["remission"], ["sibling"], ["remission", "sibling"])


@CHECKS
@given(fees, activities, st.lists(categories(), min_size=1, max_size=4, unique_by=_name), sibling_percents)
def test_a_cap_holds_and_the_remission_is_the_best_single_category(fee, activity, cats, sibling_percent):
    priced = _priced(fee, activity, cats, False, sibling_percent)
    remission = _off(priced, "remission")
    by_name = {c.name: c for c in cats}
    for reduction in priced.reductions:
        chosen = by_name[reduction.description.removeprefix("Remission: ")]
        assert chosen.is_active and chosen.covers(activity)
        if chosen.cap_per_term is not None:
            assert reduction.amount <= chosen.cap_per_term
    # Awards do not add up: the one that takes most off applies, and no single one takes more.
    for category in cats:
        alone = _off(_priced(fee, activity, [category], False, sibling_percent), "remission")
        assert alone <= remission
        if not (category.is_active and category.covers(activity)):
            assert alone == ZERO


@CHECKS
@given(fees, activities, st.booleans(), sibling_percents)
def test_percent_100_uncapped_leaves_nothing_to_pay(fee, activity, sibling, sibling_percent):
    full = RemissionCategory(name="Looked after", percent=Decimal("100"), is_active=True)
    priced = _priced(fee, activity, [full], sibling, sibling_percent)
    assert priced.to_pay == Decimal("0.00")
    assert _off(priced, "remission") == fee and _off(priced, "sibling") == ZERO


@CHECKS
@given(fees, activities, st.lists(categories(), max_size=3, unique_by=_name), sibling_percents)
def test_the_sibling_discount_comes_off_what_the_remission_leaves(fee, activity, cats, sibling_percent):
    without = _priced(fee, activity, cats, False, sibling_percent)
    priced = _priced(fee, activity, cats, True, sibling_percent)
    remission = _off(priced, "remission")
    assert remission == _off(without, "remission")
    left = fee - remission
    expected = min(round_money(left * Decimal(sibling_percent) / 100), left)
    assert _off(priced, "sibling") == expected
    assert priced.to_pay == left - expected


@CHECKS
@given(pounds(0, 200_000, "0.01", "0.05", "10.03", "33.33"), percents)
def test_a_percentage_of_a_fee_is_whole_pennies_rounded_half_up_by_hub_money(fee, percent):
    category = RemissionCategory(name="Percent", percent=percent, is_active=True)
    priced = _priced(fee, Activity.LESSONS, [category], False, "0")
    off = _off(priced, "remission")
    assert _whole_pennies(off)
    assert off == min(round_money(fee * percent / 100), fee)


def test_half_a_penny_rounds_up_as_hub_money_does():
    # 50% of £0.05 is 2.5p: half up gives 3p off (Decimal's own default, half even, would give 2p).
    category = RemissionCategory(name="Half", percent=Decimal("50"), is_active=True)
    priced = _priced(Decimal("0.05"), Activity.HIRE, [category], False, "0")
    assert _off(priced, "remission") == Decimal("0.03") and priced.to_pay == Decimal("0.02")
