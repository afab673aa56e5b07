"""Small helpers for the rule tests: change one printed value of a frame (a copy)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from expectations.findings import CheckOutcome


def set_printed(frame: pd.DataFrame, where: dict[str, Any], text: str) -> pd.DataFrame:
    """A copy of `frame` where the single row matching `where` prints `text` instead."""
    out = frame.copy()
    mask = pd.Series(True, index=out.index)
    for column, value in where.items():
        mask &= out[column] == value
    assert mask.sum() == 1, f"{where} matches {int(mask.sum())} rows"
    number = float(text.replace(",", "").rstrip("%"))
    if pd.api.types.is_integer_dtype(out["value"].dtype):
        number = int(number)  # type: ignore[assignment]
    out.loc[mask, "value"] = number
    out.loc[mask, "value_text"] = text
    return out


def summary(outcome: CheckOutcome) -> set[tuple[str, str, str, str]]:
    return {(f.row_label, f.column_label, f.stated, f.expected) for f in outcome.findings}
