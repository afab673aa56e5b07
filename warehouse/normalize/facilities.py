"""Medical and welfare facility counts and the list of base hospitals."""

from __future__ import annotations

import pandas as pd

from sources.municipalities import resolve_municipality
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    make_frame,
    spec_table,
    spec_tables,
    squash_cjk_spaces,
)
from warehouse.normalize.measures import area_records, fact_columns


def unit_of_count(label: str) -> str:
    """The unit a count column is in, from its label: beds, persons or facilities."""
    if "病床" in label:
        return "床"
    if "医師" in label or "人" in label:
        return "人"
    return "施設"


def count_rows(table: ExtractedTable, revision_id: str) -> list[Record]:
    """Long records of a municipality × count table with a 1- or 2-level header.

    `item` is the top header level (病院, 子育て支援センター), `measure` the bottom one
    (施設数, 病床数); they are equal where one header cell spans both rows.
    """
    records = []
    for read in area_records(table, revision_id):
        parts = read["column_label"].split("/")
        record = fact_columns(read, unit_of_count(read["column_label"]))
        record |= {"item": parts[0], "measure": parts[-1]}
        records.append(record)
    return records


def build_welfare_facility(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_welfare_facility: the welfare facility tables, one frame."""
    found = spec_tables(tables, "welfare_facility")
    records: list[Record] = []
    for table in found:
        records += count_rows(table, revision_id)
    return make_frame("fact_welfare_facility", records)


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
