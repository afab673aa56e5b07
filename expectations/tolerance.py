"""Rounding-aware comparison of a printed number with the value computed from others.

A value printed with k decimals stands for anything that rounds to it, so it agrees with
a computed value when |stated − computed| ≤ 0.5·10⁻ᵏ. The epsilon absorbs binary floating
point error at exactly half a unit (e.g. 0.125 printed as 0.13).
"""

from __future__ import annotations

FLOAT_EPSILON = 1e-9


def rounding_tolerance(decimals: int) -> float:
    return 0.5 * 10.0 ** (-decimals) + FLOAT_EPSILON


def decimals_of(printed: str) -> int:
    """Decimal places in a printed number ("67.6%" → 1, "1,234" → 0)."""
    text = printed.strip().rstrip("%％")
    if "." not in text:
        return 0
    return len(text.rsplit(".", 1)[1].strip())
