"""fact_list_item: every named item of every list table, one row each, read by shape.

The named-item lists the profile declares for fact_facility_list (halls, museums …) are
read there with their subject's words; this one reads every table of kind `list`,
whatever its subject: each cell right of the first column is split into its items (「、」
outside brackets, warehouse.normalize.common.split_list), labelled by the row's first cell
and the column's header (`table_cell`'s labels), with the municipality the row label names
(resolved as fact_measure resolves it). A marker cell (`-`) is one row with no name; an
empty cell none.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sources.tables import ExtractedTable
from warehouse.cells import covered_positions, row_column_labels
from warehouse.normalize.common import Record, make_frame, municipality_columns, printed_items
from warehouse.normalize.measures import area_of, table_key

FACT = "fact_list_item"
LIST_KIND = "list"


def list_item_records(table: ExtractedTable, revision_id: str) -> list[Record]:
    """The fact_list_item records of one list table, row by row, left to right."""
    key = table_key(table)
    covered = covered_positions(table)
    labels = row_column_labels(table)
    records = []
    for r in range(table.header_rows, len(table.rows)):
        row = table.rows[r]
        row_label = row[0].strip() if row else ""
        area = municipality_columns(area_of(row_label, table.caption))
        for c in range(1, len(row)):
            if (r, c) in covered:
                continue
            for seq, (name, marker) in enumerate(printed_items(row[c]), start=1):
                records.append(
                    {
                        "table_key": key,
                        "table_id": table.id,
                        "caption": table.caption,
                        "page": table.page_of_row(r),
                        "row_index": r,
                        "col_index": c,
                        "row_label": row_label or None,
                        "column_label": labels[r][c],
                        **area,
                        "seq": seq,
                        "name": name,
                        "item_text": row[c],
                        "marker": marker,
                        "revision_id": revision_id,
                    }
                )
    return records


def build_list_items(tables: Sequence[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_list_item: the items of every list table of the document."""
    records: list[Record] = []
    for table in tables:
        if table.kind == LIST_KIND:
            records += list_item_records(table, revision_id)
    return make_frame(FACT, records)
