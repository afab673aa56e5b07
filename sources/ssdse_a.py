"""SSDSE-A (統計センター 教育用標準データセット, one row per municipality): the related
statistics the KPIs are read beside — 従業者数（民営）, 転入者数, 転出者数.

The shipped files are excerpts of the CP932 CSVs: the three header rows (item codes,
reference year per column, Japanese item names) and the rows of 山形県. Each column carries
its own reference year (row 2), so an edition mixes years; the reader keeps that year per
value instead of the edition's.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

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


def read_ssdse_a(path: Path, area_prefix: str | None = "06") -> pd.DataFrame:
    """Long frame: area_code, area_name, item_code, measure, measure_label, year, value,
    value_text, unit — one row per municipality × selected item."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode(ENCODING))))
    if len(rows) < 3 or not rows[0] or not rows[0][0].startswith("SSDSE-A"):
        raise SsdseFormatError(f"{path}: not an SSDSE-A file (first cell {rows[0][:1]!r})")
    codes, years, labels = rows[0], rows[1], rows[2]
    missing = [c for c in SSDSE_ITEMS if c not in codes]
    if missing:
        raise SsdseFormatError(f"{path}: SSDSE-A items {missing} not found")
    out = []
    for row in rows[3:]:
        if not row or not row[0].startswith(AREA_PREFIX):
            continue
        code = row[0][len(AREA_PREFIX) :]
        if area_prefix and not code.startswith(area_prefix):
            continue
        for item, (measure, unit) in SSDSE_ITEMS.items():
            at = codes.index(item)
            text = row[at].strip()
            out.append(
                {
                    "area_code": code,
                    "area_name": row[2],
                    "item_code": item,
                    "measure": measure,
                    "measure_label": labels[at],
                    "year": int(years[at]),
                    "value": float(text.replace(",", "")) if text else None,
                    "value_text": text,
                    "unit": unit,
                }
            )
    return pd.DataFrame(out)
