"""Culture: halls, museums and sports facilities as lists (the tables whose profile entry
gives a `list_kind`).

The city library's usage by residence is a usage table: the profile's subject relation
fact_usage_by_residence (warehouse.subjects).
"""

from __future__ import annotations

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    spec_tables,
)


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
        for index, row in enumerate(table.body, start=table.header_rows):
            ref = classify_label(row[0], table.caption)
            label = labels[-1] if labels and labels[-1] else None
            cell = ListCell(table, index, row[0].strip(), label, ref, kind)
            records += list_records(cell, row[-1], revision_id)
    return records
