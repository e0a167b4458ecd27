"""The number parser: every written form a source uses."""

from __future__ import annotations

import pytest

from auditor.read.numbers import format_value, parse_number


@pytest.mark.parametrize("written, value, unit, kind", [
    ("1,814", 1814, "count", "count"),
    ("95", 95, "count", "count"),
    ("40.3", 40.3, "count", "count"),
    ("eight", 8, "count", "count"),
    ("Twenty-eight", 28, "count", "count"),
    ("Twenty-three", 23, "count", "count"),
    ("one hundred and five", 105, "count", "count"),
    ("two thousand", 2000, "count", "count"),
    ("6.7 million", 6_700_000, "count", "count"),
    ("40.3 million", 40_300_000, "count", "count"),
    ("$150 billion", 150_000_000_000, "USD", "money"),
    ("$340,030", 340_030, "USD", "money"),
    ("$30,370", 30_370, "USD", "money"),
    ("598,500 pesos", 598_500, "MXN", "money"),
    ("6.7 million pesos", 6_700_000, "MXN", "money"),
    ("6.6 billion dollars", 6_600_000_000, "USD", "money"),
    ("85%", 85, "percent", "percent"),
    ("50 percent", 50, "percent", "percent"),
    ("13th", 13, "ordinal", "ordinal"),
    ("seventh", 7, "ordinal", "ordinal"),
    ("a third", 100 / 3, "percent", "percent"),
    ("two-thirds", 200 / 3, "percent", "percent"),
    ("half", 50, "percent", "percent"),
    ("a quarter", 25, "percent", "percent"),
])
def test_parses_written_forms(written, value, unit, kind):
    parsed = parse_number(written)
    assert parsed.value == value
    assert (parsed.unit, parsed.kind) == (unit, kind)


@pytest.mark.parametrize("written", ["", "someone", "12,34", "1,2345", "eight dollars pesos", "$5 pesos", "million"])
def test_rejects_what_is_not_a_figure(written):
    with pytest.raises(ValueError):
        parse_number(written)


def test_scaled_decimals_are_exact():
    # 40.3 * 1e6 in floats is 40300000.000000004; an extract recording 40300000 must match exactly.
    assert parse_number("40.3 million").value == 40_300_000
    assert parse_number("24.9 million").value == 24_900_000


@pytest.mark.parametrize("value, text", [(1814, "1,814"), (6_700_000.0, "6,700,000"), (40.3, "40.3"), (0.5, "0.5")])
def test_format_value(value, text):
    assert format_value(value) == text
