"""Usage of the core city's facilities by the users' residence (counts and shares).

The profile's tables of shape `usage_by_residence` (a hospital: inpatient/outpatient/total,
holiday clinics, the city library, the city high school — printed transposed, in two parts,
`options.orientation = "columns"`) all answer the same question — how much of a city
facility serves the partner towns — so they share one frame. Blank cells (the 合計 row's
share) are not facts and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    Record,
    classify_label,
    column_labels,
    label_key,
    make_frame,
    municipality_columns,
    number,
    provenance,
    spec_tables,
    squash_cjk_spaces,
    value_columns,
)
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


def _record(
    table: ExtractedTable,
    index: int,
    revision_id: str,
    labels: tuple[str, str],
    text: str,
    ref_label: str,
) -> Record | None:
    """One usage record, or None for a blank cell. labels = (row label, column label)."""
    row_label, column_label = labels
    if not text.strip():
        return None
    measure = _measure(column_label) or _measure(row_label)
    if measure is None:
        raise FrameError(table.caption, f"cannot tell count from share in {column_label!r}")
    parsed = number(table, text, f"{row_label!r} / {column_label!r}")
    year = find_era_year(table.caption)
    record = provenance(table, index, revision_id, row_label, column_label)
    record |= municipality_columns(classify_label(ref_label, table.caption))
    record |= {
        "facility": facility_of(table.caption),
        "service": None,
        "measure": measure,
        "fiscal_year": year.year if year and year.is_fiscal else None,
        "year_text": year.printed if year else None,
    }
    record |= value_columns(parsed, "%" if measure == "share" else "人")
    return record


def _row_table(table: ExtractedTable, revision_id: str) -> list[Record]:
    """Residence in rows, (service, measure) in columns."""
    labels = column_labels(table)
    records = []
    for offset, row in enumerate(table.body):
        index = table.header_rows + offset
        for col in range(1, len(row)):
            record = _record(
                table, index, revision_id, (row[0].strip(), labels[col]), row[col], row[0]
            )
            if record is not None:
                record["service"] = _service(labels[col])
                records.append(record)
    return records


def _blocks(table: ExtractedTable) -> list[tuple[int, int]]:
    """(header start, body end) of each part of a table printed in several parts.

    A part starts where the first header row's first cell (`項目`) appears again.
    """
    key = label_key(table.rows[0][0])
    starts = [i for i, row in enumerate(table.rows) if label_key(row[0]) == key]
    starts = [s for i, s in enumerate(starts) if i == 0 or s - starts[i - 1] >= table.header_rows]
    ends = [*starts[1:], len(table.rows)]
    return list(zip(starts, ends, strict=True))


def _column_table(table: ExtractedTable, revision_id: str, service: str | None) -> list[Record]:
    """Residence in columns, measures in rows, possibly in several parts (the high school);
    `service` is what the rows count (the profile's options.service)."""
    records = []
    for start, end in _blocks(table):
        header: Sequence[list[str]] = table.rows[start : start + table.header_rows]
        labels = column_labels(table, header)
        last = header[-1]
        for index in range(start + table.header_rows, end):
            row = table.rows[index]
            for col in range(1, len(row)):
                place = last[col].strip()
                if not place:
                    continue
                label = labels[col]
                record = _record(
                    table, index, revision_id, (row[0].strip(), label), row[col], place
                )
                if record is not None:
                    # The rows are count and share of one service (enrolled students).
                    record["service"] = service
                    records.append(record)
    return records


def build_usage_by_residence(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_usage_by_residence from the usage tables: those with residences in rows first,
    then those printed transposed."""
    specs = current_profile().tables_of_shape(USAGE_SHAPE)
    transposed = [s for s in specs if s.options.get("orientation") == COLUMNS_ORIENTATION]
    records: list[Record] = []
    for spec in specs:
        if spec not in transposed:
            records += _row_table(spec_tables(tables, spec.key)[0], revision_id)
    for spec in transposed:
        table = spec_tables(tables, spec.key)[0]
        records += _column_table(table, revision_id, spec.options.get("service"))
    return make_frame("fact_usage_by_residence", records)
