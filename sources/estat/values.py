"""VALUE items → one tidy row per value, markers kept as markers, never as 0."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from sources.estat.shapes import ClassObj

#: Symbols e-Stat prints instead of a number. Any other non-numeric `$` is kept as a marker
#: too (tables declare their own in DATA_INF.NOTE); this set only documents the usual ones.
KNOWN_MARKERS = frozenset({"-", "***", "X", "x", "…", "...", "―", "*"})


def parse_value_text(text: str | None) -> tuple[float, str | None]:
    """`"247747"` → (247747.0, None); `"-"` → (nan, "-"). Never turns a marker into 0."""
    if text is None:
        return float("nan"), None
    stripped = text.strip()
    try:
        return float(stripped.replace(",", "")), None
    except ValueError:
        return float("nan"), stripped


def decode_values(
    values: Iterable[Mapping[str, Any]], class_objs: tuple[ClassObj, ...]
) -> pd.DataFrame:
    """VALUE items + CLASS_INF → one row per value.

    Columns: for each class id `X` in CLASS_INF order `X_code`, `X_name` (and `area_kind`
    for the area axis), then `unit`, `value` (float, NaN for markers), `value_text` (the
    printed string) and `marker` (the special symbol or None). Class ids that appear on
    values but not in CLASS_INF still get a `X_code` column.
    """
    lookup = {obj.id: {it.get("@code"): it for it in obj.items} for obj in class_objs}
    tab_units = {
        code: it.get("@unit") for code, it in lookup.get("tab", {}).items() if it.get("@unit")
    }
    rows = [_decode_value(item, lookup, tab_units) for item in values]
    columns = _value_columns(class_objs, rows)
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = frame["value"].astype("float64")
    return frame


def _decode_value(
    item: Mapping[str, Any],
    lookup: Mapping[str, Mapping[str, Mapping[str, str]]],
    tab_units: Mapping[str, str],
) -> dict[str, Any]:
    """One VALUE item → one row: class codes + names, unit, value, value_text, marker."""
    row: dict[str, Any] = {}
    for key, raw in item.items():
        if not key.startswith("@") or key in ("@unit", "@annotation"):
            continue
        class_id = key[1:]
        entry = lookup.get(class_id, {}).get(raw)
        row[f"{class_id}_code"] = raw
        row[f"{class_id}_name"] = entry.get("@name") if entry else None
        if class_id == "area":
            row["area_kind"] = entry.get("@level") if entry else None
    row["unit"] = item.get("@unit") or tab_units.get(item.get("@tab", ""))
    text = item.get("$")
    row["value_text"] = None if text is None else str(text)
    row["value"], row["marker"] = parse_value_text(row["value_text"])
    return row


def _value_columns(class_objs: tuple[ClassObj, ...], rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for obj in class_objs:
        columns += [f"{obj.id}_code", f"{obj.id}_name"]
        if obj.id == "area":
            columns.append("area_kind")
    for row in rows:
        columns += [c for c in row if c not in columns and c.endswith(("_code", "_name"))]
    return [*columns, "unit", "value", "value_text", "marker"]
