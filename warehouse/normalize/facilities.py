"""The list of base hospitals (the medical and welfare facility counts are subject relations
of the profile: warehouse.subjects)."""

from __future__ import annotations

from sources.municipalities import resolve_municipality
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    spec_table,
    squash_cjk_spaces,
)


def base_hospital_list(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """List records of the base hospitals: tier × municipality → hospital names.

    A row printed without its tier cell (`<municipality> | <hospital> | ''`, shifted left)
    is read as (municipality, names) under the tier of the row above: a row whose first cell
    is a municipality and whose last is empty.
    """
    table = spec_table(tables, "base_hospital")
    if table is None:
        return []
    labels = column_labels(table)
    records: list[Record] = []
    tier: str | None = None
    for index, row in enumerate(table.body, start=table.header_rows):
        first = squash_cjk_spaces(row[0])
        if resolve_municipality(first) is not None and not row[-1].strip():
            place, names, row_label = row[0], row[1], f"{tier}/{first}"
        else:
            tier = first
            place, names, row_label = row[1], row[2], f"{first}/{squash_cjk_spaces(row[1])}"
        cell = ListCell(
            table,
            index,
            row_label,
            labels[-1],
            classify_label(place, table.caption),
            "base_hospital",
            tier,
        )
        records += list_records(cell, names, revision_id)
    return records
