"""Culture (2(1)ウ(ウ)): ③ libraries as facts; ① halls, ② museums, ⑤ sports facilities as lists.

④ 市立図書館 usage by residence is a usage table and lives in `usage.py`.
"""

from __future__ import annotations

import pandas as pd

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
    require_table,
    value_columns,
)

LIBRARY_CAPTION = r"^\d*\s*図書館$"  # captions are matched after NFKC: ③ → 3
# (caption for errors, caption regex, list_kind)
LIST_TABLES = (
    ("①主な会館・ホール", r"会館・ホール", "hall"),
    ("②主な博物館・美術館", r"博物館・美術館", "museum"),
    ("⑤スポーツ施設等", r"スポーツ施設", "sports"),
)

_LIBRARY_UNITS = {"施設数": "館", "所蔵総数": "冊", "登録者数": "人"}


def build_library(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_library: count, holdings and registered users; 山形市 split into 県立 / 市立."""
    table = require_table(tables, "③図書館", caption=LIBRARY_CAPTION)
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
    """List records of halls, museums and sports facilities (municipality → names)."""
    records: list[Record] = []
    for what, pattern, kind in LIST_TABLES:
        table = require_table(tables, what, caption=pattern)
        labels = column_labels(table)
        for offset, row in enumerate(table.body):
            index = table.header_rows + offset
            ref = classify_label(row[0], table.caption)
            label = labels[-1] if labels and labels[-1] else None
            cell = ListCell(table, index, row[0].strip(), label, ref, kind)
            records += list_records(cell, row[-1], revision_id)
    return records
