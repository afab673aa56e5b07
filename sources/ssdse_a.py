"""SSDSE-A (統計センター 教育用標準データセット, one row per municipality): the related
statistics the KPIs are read beside — 従業者数（民営）, 転入者数, 転出者数.

The shipped files are excerpts of the CP932 CSVs: the three header rows (item codes,
reference year per column, Japanese item names) and the rows of the area's prefecture. Each
column carries its own reference year (row 2), so an edition mixes years; the reader keeps
that year per value instead of the edition's.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from sources.area import DEFAULT_AREA_PREFIX
from sources.japanese_text import parse_number
from sources.profile import AreaPrefix

# Item code → (measure, unit). The Japanese item name comes from the file's third row.
SSDSE_ITEMS = {
    "A1101": ("population", "人"),
    "A5101": ("in_migrants", "人"),
    "A5102": ("out_migrants", "人"),
    "C2108": ("establishments_private", "事業所"),
    "C2208": ("employees_private", "人"),
}
ENCODING = "cp932"
AREA_PREFIX = "R"


class SsdseFormatError(ValueError):
    """The file is not an SSDSE-A table (header rows or item codes missing)."""


def _decode(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise SsdseFormatError(
            f"{path}: not a CP932 CSV ({exc.reason} at byte {exc.start}); "
            "use the SSDSE-A file as published"
        ) from exc
    return list(csv.reader(io.StringIO(text)))


def _value(path: Path, row_label: str, label: str, text: str) -> float | None:
    """A cell's number, None for an empty cell or a marker (-, X …), never 0."""
    try:
        parsed = parse_number(text)
    except ValueError as exc:
        raise SsdseFormatError(f"{path}: {row_label} {label}: {text!r} is not a number") from exc
    return None if parsed.value is None else float(parsed.value)


# The long frame's columns (also when no row is of the area asked for).
FRAME_COLUMNS = (
    "area_code",
    "area_name",
    "item_code",
    "measure",
    "measure_label",
    "year",
    "value",
    "value_text",
    "unit",
)


def read_ssdse_a(path: Path, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX) -> pd.DataFrame:
    """Long frame: area_code, area_name, item_code, measure, measure_label, year, value,
    value_text, unit — one row per municipality × selected item."""
    rows = _decode(path)
    if len(rows) < 3 or not rows[0] or not rows[0][0].startswith("SSDSE-A"):
        first = rows[0][:1] if rows else []
        raise SsdseFormatError(f"{path}: not an SSDSE-A file (first cell {first!r})")
    codes, years, labels = rows[0], rows[1], rows[2]
    missing = [c for c in SSDSE_ITEMS if c not in codes]
    if missing:
        raise SsdseFormatError(f"{path}: SSDSE-A items {missing} not found")
    at = {item: codes.index(item) for item in SSDSE_ITEMS}
    try:
        year = {item: int(years[i]) for item, i in at.items()}
        label = {item: labels[i] for item, i in at.items()}
    except (IndexError, ValueError) as exc:
        raise SsdseFormatError(
            f"{path}: the year row (row 2) or the item-name row (row 3) lacks a value "
            f"for the items {sorted(SSDSE_ITEMS)}"
        ) from exc
    out = []
    for number, row in enumerate(rows[3:], start=4):
        if not row or not row[0].startswith(AREA_PREFIX):
            continue
        code = row[0][len(AREA_PREFIX) :]
        if area_prefix and not code.startswith(area_prefix):
            continue
        if len(row) < len(codes):
            raise SsdseFormatError(
                f"{path}: row {number} ({row[0]}) has {len(row)} cells, the header {len(codes)}"
            )
        for item, (measure, unit) in SSDSE_ITEMS.items():
            text = row[at[item]].strip()
            out.append(
                {
                    "area_code": code,
                    "area_name": row[2],
                    "item_code": item,
                    "measure": measure,
                    "measure_label": label[item],
                    "year": year[item],
                    "value": _value(path, f"row {number} ({row[2]})", label[item], text),
                    "value_text": text,
                    "unit": unit,
                }
            )
    return pd.DataFrame(out, columns=list(FRAME_COLUMNS))
