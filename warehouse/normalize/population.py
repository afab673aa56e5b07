"""Population: the situation's population table and the population targets, as long facts
(commuting to the core city is the profile's subject relation fact_commuting:
warehouse.subjects).

The population table prints the 2020 census and the 2030/2040/2050 projections per
municipality; the population targets print the projection total line 2020–2050 and the
same per municipality in 5-year steps. Both are kept, with `printed_in` the label the
profile gives each table, because the checks compare them.
"""

from __future__ import annotations

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
    spec_tables,
)
from warehouse.normalize.measures import AXIS_ROW, area_records, period_of
from warehouse.schema import frame_schema

FACT = "fact_population"
# What a population row takes from fact_measure's reading of its number: the columns the two
# facts share (where it is printed, its area, the number as printed); the rest is its own.
_SHARED = [name for name, _ in frame_schema(FACT)]

# Header words of a year whose population is counted (census: 2020年（実績）), not projected
# (projection: 推計, or a year only).
_CENSUS_WORDS = ("国勢調査", "実績")


def _population_rows(
    table: ExtractedTable, revision_id: str, printed_in: str, total_label: str | None
) -> list[Record]:
    """One record per number of a population table, as fact_measure reads it (area_records),
    the year from its column label; a row printed without a label (the targets' total
    line) is `total_label`, named by the header's first cell."""
    records = []
    for read in area_records(table, revision_id, None if total_label else AXIS_ROW):
        if read["unit"] == "%":
            continue  # a rate beside the populations (増減率 ▲16.8%) is no population
        label = read["column_label"]
        year = period_of(label, None, "")
        if year is None:
            raise FrameError(table.caption, f"column {label!r} has no year")
        record = {key: read[key] for key in _SHARED if key in read} | {"unit": "人"}
        if read["row_label"] is None:
            ref = classify_label(total_label or "", table.caption)
            record |= municipality_columns(ref) | {"row_label": column_labels(table)[0] or None}
        record |= {
            "printed_in": printed_in,
            "measure": "census" if any(w in label for w in _CENSUS_WORDS) else "projection",
            "year": year.year,
            "year_text": year.printed,
            "is_fiscal_year": year.is_fiscal,
        }
        records.append(record)
    return records


def _is_total_line(table: ExtractedTable) -> bool:
    """The population targets' total line: its only body row has no municipality label."""
    return all(not row[0].strip() or label_key(row[0]) == "合計" for row in table.body)


def build_population(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_population from the population table and the population target tables."""
    records: list[Record] = []
    for target in (False, True):
        # spec_tables records the declaration as read (a profile without one: none read).
        spec = current_profile().population_table(target=target)
        if spec is None:
            continue
        found = spec_tables(tables, spec.key)
        # Where its rows are printed: the label the profile cites the table by.
        printed_in = spec.label or spec.section.label
        # The population is read from one table, its targets from every table declared.
        for table in found if target else found[:1]:
            # The header's first cell (推計人口の合計) is the row label of the unlabeled row.
            total_label = "合計" if target and _is_total_line(table) else None
            records += _population_rows(table, revision_id, printed_in, total_label)
        if target and not any(_is_total_line(t) for t in found):
            raise FrameError(spec.name, "total line table not found")
    return make_frame(FACT, records)
