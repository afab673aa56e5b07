"""The content hash of a frame: its numbers, not its row order or its provenance."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pandas as pd

from sources.govstats.provenance import PROVENANCE_COLUMNS


def _canonical(value: Any) -> Any:
    """JSON-stable form of a cell: NaN/None → None, integral floats → int."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else repr(value)
    if hasattr(value, "item"):  # numpy scalar
        return _canonical(value.item())
    if pd.isna(value):
        return None
    return value if isinstance(value, int | str | bool) else str(value)


def content_hash(frame: pd.DataFrame, columns: list[str] | None = None) -> str:
    """sha256 of a frame's values, independent of row order and of provenance columns.

    Two fetches of the same numbers hash the same even when they came from different
    routes (snapshot vs live), so a changed hash means changed numbers: a new release or a
    revision.
    """
    cols = columns or sorted(c for c in frame.columns if c not in PROVENANCE_COLUMNS)
    lines = sorted(
        json.dumps([_canonical(v) for v in row], ensure_ascii=False)
        for row in frame.loc[:, cols].itertuples(index=False, name=None)
    )
    digest = hashlib.sha256(json.dumps(cols).encode("utf-8"))
    for line in lines:
        digest.update(b"\n" + line.encode("utf-8"))
    return digest.hexdigest()
