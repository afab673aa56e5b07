"""Culture: libraries as facts; halls, museums and sports facilities as lists (the tables
whose profile entry gives a `list_kind`).

The city library's usage by residence is a usage table and lives in `usage.py`.
"""

from __future__ import annotations

import pandas as pd

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    make_frame,
    municipality_columns,
    number,
    provenance,
    spec_table,
    spec_tables,
    value_columns,
)

_LIBRARY_UNITS = {"施設数": "館", "所蔵総数": "冊", "登録者数": "人"}


def build_library(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_library: count, holdings and registered users; a municipality printed twice,
    qualified by operator (県立 / 市立), keeps the qualifier in `operator`."""
    table = spec_table(tables, "library")
    if table is None:
        return make_frame("fact_library", [])
    labels = column_labels(table)
    records = []
    for offset, row in enumerate(table.body):
        index = table.header_rows + offset
        ref = classify_label(row[0], table.caption)
        for col in range(1, len(row)):
            measure = labels[col].split("/")[-1]
            parsed = number(table, row[col], f"row {row[0]!r} column {labels[col]!r}")
            record = provenance(table, index, revision_id, row[0].strip(), labels[col])
            record |= municipality_columns(ref)
            record |= {"operator": ref.qualifier, "measure": measure}
            record |= value_columns(parsed, _LIBRARY_UNITS.get(measure))
            records.append(record)
    return make_frame("fact_library", records)


def culture_lists(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """List records of the named-item tables the profile gives a `list_kind` (halls,
    museums, sports facilities: municipality → names)."""
    records: list[Record] = []
    for spec in current_profile().tables_of_shape("lists_per_municipality"):
        kind = spec.options.get("list_kind")
        if kind is None:
            continue
        table = spec_tables(tables, spec.key)[0]
        labels = column_labels(table)
        for offset, row in enumerate(table.body):
            index = table.header_rows + offset
            ref = classify_label(row[0], table.caption)
            label = labels[-1] if labels and labels[-1] else None
            cell = ListCell(table, index, row[0].strip(), label, ref, kind)
            records += list_records(cell, row[-1], revision_id)
    return records
