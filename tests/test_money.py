from decimal import Decimal

import pytest

from hub.money import round_money, split_in_parts, vat_on
from hub.templatetags.portal import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("1234.5"), "£1,234.50"), (Decimal("-12"), "−£12.00"), (Decimal("0.005"), "£0.01"), (None, "—")],
)
def test_money_is_shown_in_pounds_the_uk_way(value, shown):
    assert money(value) == shown


def test_sums_split_in_parts_add_up_and_deal_the_odd_pennies_in_turn():
    assert split_in_parts([Decimal("1000.00"), Decimal("250.00")], 3) == [
        [Decimal("333.34"), Decimal("333.33"), Decimal("333.33")],
        [Decimal("83.33"), Decimal("83.34"), Decimal("83.33")],
    ]
    assert split_in_parts([Decimal("0.02")], 3) == [[Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]]
    assert split_in_parts([Decimal("-0.01")], 3) == [[Decimal("0.00"), Decimal("0.00"), Decimal("-0.01")]]
    with pytest.raises(ValueError, match="whole pennies"):
        split_in_parts([Decimal("0.005")], 3)


def test_vat_and_rounding_are_half_up():
    assert vat_on(Decimal("10.25"), Decimal("20")) == Decimal("2.05")
    assert round_money(Decimal("2.675")) == Decimal("2.68")
