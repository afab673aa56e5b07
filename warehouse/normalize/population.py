"""Population (the situation's population table and the population targets) and commuting
to the core city, as long facts.

The population table prints the 2020 census and the 2030/2040/2050 projections per
municipality; the population targets print the projection total line 2020–2050 and the
same per municipality in 5-year steps. Both are kept, with `printed_in` the label the
profile gives each table, because the checks compare them.
"""

from __future__ import annotations

import re

import pandas as pd

from sources.profile import TableSpec
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    Record,
    classify_label,
    column_labels,
    declared_spec,
    find_tables,
    label_key,
    make_frame,
    municipality_columns,
    number,
    provenance,
    spec_table,
    spec_tables,
    value_columns,
)
from warehouse.normalize.measures import AREA_FACT_COLUMNS, area_records
from warehouse.printed_values import PrintedYear, try_parse_year


def _year_of(table: ExtractedTable, label: str) -> PrintedYear:
    """The year in a column label such as `人口 (国勢調査)/2020年 (令和2年)`."""
    for part in reversed(label.split("/")):
        year = try_parse_year(part)
        if year is not None:
            return year
    raise FrameError(table.caption, f"column {label!r} has no year")


def _measure_of(label: str, default: str) -> str:
    """census when the header says 国勢調査, projection when it says 推計, else `default`."""
    if "国勢調査" in label:
        return "census"
    if "推計" in label:
        return "projection"
    return default


def _population_rows(
    table: ExtractedTable,
    revision_id: str,
    printed_in: str,
    default_measure: str,
    total_label: str | None,
) -> list[Record]:
    """One record per (row, year column) of a population table."""
    labels = column_labels(table)
    records = []
    for index, row in enumerate(table.body, start=table.header_rows):
        row_text = row[0].strip() or (total_label or "")
        ref = classify_label(row_text, table.caption)
        for col in range(1, len(row)):
            label = labels[col]
            year = _year_of(table, label)
            parsed = number(table, row[col], f"row {row_text!r} column {label!r}")
            record = provenance(
                table, index, revision_id, row[0].strip() or labels[0] or None, label
            )
            record |= municipality_columns(ref)
            record |= {
                "printed_in": printed_in,
                "measure": _measure_of(label, default_measure),
                "year": year.year,
                "year_text": year.printed,
                "is_fiscal_year": year.is_fiscal,
            }
            record |= value_columns(parsed, "人")
            records.append(record)
    return records


def _printed_in(spec: TableSpec) -> str:
    """Where a population row is printed: the label the profile cites the table by."""
    return spec.label or spec.section.label


def _is_total_line(table: ExtractedTable) -> bool:
    """The population targets' total line: its only body row has no municipality label."""
    return all(not row[0].strip() or label_key(row[0]) == "合計" for row in table.body)


def build_population(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_population from the population table and the population target tables."""
    records: list[Record] = []
    main_spec, target_spec = declared_spec("population"), declared_spec("population_target")
    if main_spec is not None:
        main = spec_tables(tables, main_spec.key)[0]
        records += _population_rows(main, revision_id, _printed_in(main_spec), "projection", None)
    if target_spec is None:
        return make_frame("fact_population", records)
    target = spec_tables(tables, target_spec.key)
    for table in target:
        # The header's first cell (推計人口の合計) is the row label of the unlabeled row.
        total_label = "合計" if _is_total_line(table) else None
        records += _population_rows(
            table, revision_id, _printed_in(target_spec), "projection", total_label
        )
    if not find_tables(target, where=_is_total_line):
        raise FrameError(target_spec.name, "total line table not found")
    return make_frame("fact_population", records)


_MEASURE_CODE = re.compile(r"^([ABC])\s*[:：]")


def _commuting_measures(table: ExtractedTable) -> list[tuple[str, str]]:
    """(code, label) of A, B, C and the ratio, in that order.

    The header prints `A : …` over `B : …` in the first value column while B's numbers sit in
    the second, so measures are read from the header texts and matched to the value columns
    in order (A, B, C, ratio), not by position.
    """
    found: dict[str, str] = {}
    for row in table.header:
        for cell in row[1:]:
            text = cell.strip()
            match = _MEASURE_CODE.match(text)
            if match:
                found.setdefault(match.group(1), text)
            elif "割合" in text or "/" in text:
                found.setdefault("ratio", text)
    order = ["A", "B", "C", "ratio"]
    if set(found) != set(order):
        raise FrameError(table.caption, f"header measures {sorted(found)} != A, B, C, ratio")
    return [(code, found[code]) for code in order]


def build_commuting(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_commuting: A, B, C (persons) and the ratio C/(A−B) per municipality."""
    table = spec_table(tables, "commuting")
    if table is None:
        return make_frame("fact_commuting", [])
    measures = _commuting_measures(table)
    rows: dict[int, list[Record]] = {}
    for read in area_records(table, revision_id):
        rows.setdefault(read["row_index"], []).append(read)
    records = []
    for reads in rows.values():
        if len(reads) != len(measures):
            raise FrameError(
                table.caption, f"row {reads[0]['row_label']!r} has {len(reads)} values"
            )
        for (code, label), read in zip(measures, reads, strict=True):
            record = {key: read[key] for key in AREA_FACT_COLUMNS} | {"column_label": label}
            record |= {"measure_code": code, "measure_label": label}
            record |= {key: read[key] for key in ("value", "value_text", "marker")}
            records.append(record | {"unit": None if code == "ratio" else "人"})
    return make_frame("fact_commuting", records)
