"""Usage of the core city's facilities by the users' residence (counts and shares).

The profile's tables of shape `usage_by_residence` (a hospital: inpatient/outpatient/total,
holiday clinics, the city library, the city high school — printed transposed, in two parts,
`options.orientation = "columns"`) all answer the same question — how much of a city
facility serves the partner towns — so they share one frame. Blank cells (the 合計 row's
share) are not facts and are skipped.
"""

from __future__ import annotations

import re

import pandas as pd

from sources.profile import TableSpec, current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    Record,
    make_frame,
    spec_tables,
    squash_cjk_spaces,
)
from warehouse.normalize.measures import AXIS_COLUMN, AXIS_ROW, area_records, fact_columns
from warehouse.printed_values import find_era_year

USAGE_SHAPE = "usage_by_residence"
# A table printed with the residences in columns (and measures in rows) says so.
COLUMNS_ORIENTATION = "columns"
_SHARE_WORDS = ("比率", "割合", "構成比")
_COUNT_WORDS = ("患者数", "利用者数", "生徒数", "人数")


def facility_of(caption: str) -> str:
    """The facility a usage caption is about: `③令和5年度<facility>の利用状況（延べ）` or
    `③<facility>生徒数（令和5年度）` → `<facility>`."""
    text = re.sub(r"^[①-⑳○]", "", squash_cjk_spaces(caption))
    text = re.sub(r"令和\s*(元|\d+)\s*年度", "", text)
    return re.split(r"の利用状況|生徒数", text)[0].strip()


def _measure(label: str) -> str | None:
    if any(word in label for word in _SHARE_WORDS):
        return "share"
    if any(word in label for word in _COUNT_WORDS):
        return "count"
    return None


def _service(label: str) -> str:
    """The service a column is about: its top header level without the measure words.

    A one-level header that is only a measure (`年間利用者数`, `比率`, as in the library
    table) names no service; both its columns are about the facility's users.
    """
    parts = label.split("/")
    if len(parts) == 1 and _measure(parts[0]) is not None:
        return "利用者"
    return re.sub(r"の?年間利用者数$", "", parts[0]) or parts[0]


def _records(table: ExtractedTable, revision_id: str, spec: TableSpec) -> list[Record]:
    """The usage records of one table, as fact_measure reads its numbers (area_records: the
    residence from the row, or from the column of a table printed transposed, possibly in
    parts, whose rows count the profile's options.service; otherwise the service is read
    from each column's label)."""
    transposed = spec.options.get("orientation") == COLUMNS_ORIENTATION
    service = spec.options.get("service") if transposed else None
    year = find_era_year(table.caption)
    records = []
    for read in area_records(table, revision_id, AXIS_COLUMN if transposed else AXIS_ROW):
        row_label, column_label = read["row_label"], read["column_label"]
        measure = _measure(column_label) or _measure(row_label)
        if measure is None:
            raise FrameError(table.caption, f"cannot tell count from share in {column_label!r}")
        record = fact_columns(read, "%" if measure == "share" else "人")
        record |= {
            "facility": facility_of(table.caption),
            "service": service if transposed else _service(column_label),
            "measure": measure,
            "fiscal_year": year.year if year and year.is_fiscal else None,
            "year_text": year.printed if year else None,
        }
        records.append(record)
    return records


def build_usage_by_residence(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_usage_by_residence from the usage tables: those with residences in rows first,
    then those printed transposed."""
    specs = current_profile().tables_of_shape(USAGE_SHAPE)
    transposed = [s for s in specs if s.options.get("orientation") == COLUMNS_ORIENTATION]
    records: list[Record] = []
    for spec in [s for s in specs if s not in transposed] + transposed:
        records += _records(spec_tables(tables, spec.key)[0], revision_id, spec)
    return make_frame("fact_usage_by_residence", records)
