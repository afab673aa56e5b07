"""How the KPI section writes a value a person reads: numbers, differences, shares, and
the mark for "nothing here"."""

from __future__ import annotations

import math

NONE_TEXT = "—"
# Decimals an actual typed with more than its KPI's keeps, at most.
MAX_DECIMALS = 4


def number_text(value: float | None, unit: str | None) -> str:
    """A value as staff read it: % with two decimals, counts with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NONE_TEXT
    if unit == "%":
        return f"{value:.2f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_decimals(value: float) -> int:
    """Decimals a value was typed with (31.4 → 1), at most MAX_DECIMALS."""
    text = f"{round(value, MAX_DECIMALS):.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def fixed_text(value: float | None, decimals: int) -> str:
    """A value with thousands separators and exactly `decimals` decimals (31.4 → 31.40
    for 2)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NONE_TEXT
    return f"{value:,.{decimals}f}"


def difference_text(diff: float, base: float | None, unit: str | None, suffix: str = "") -> str:
    """+1,593（+0.69%）: a signed difference in the value's own format, then its share of
    `base` (left out when there is no base to divide by)."""
    sign = "+" if diff >= 0 else "-"
    text = f"{sign}{number_text(abs(diff), unit)}{suffix}"
    return f"{text}（{diff / base:+.2%}）" if base else text


def share_text(share: float | None) -> str:
    if share is None or math.isnan(share):
        return NONE_TEXT
    return f"{share:.0%}"


def present(row: dict, key: str) -> object:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
