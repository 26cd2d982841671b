"""Quantities written in Python read as the |floatformat:"-2" filter wrote them."""

from decimal import Decimal

from django.template.defaultfilters import floatformat

from schools.templatetags.sla_tables import _quantity


def test_a_quantity_is_written_as_floatformat_writes_it():
    values = [Decimal(n) / 100 for n in range(0, 100_000, 7)] + [Decimal("12.00"), Decimal("0.50")]
    assert [_quantity(v) for v in values] == [floatformat(v, "-2") for v in values]
