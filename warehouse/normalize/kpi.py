"""KPIs as printed in the KPI tables (one per category) and in the project matrices of the
list section, in one frame.

A KPI table prints each KPI in two rows (values, then years); a matrix prints
`231,390 （令和3年）` in one cell. Both become one row per (KPI, baseline|target) with
`printed_in` the label of the section it is printed in (as the profile declares it), so a
check can compare what the two sections say. `indicator_key` (NFKC, no spaces, no `・`)
and (`category_code`, `kpi_seq`) are the join keys for that comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby

import pandas as pd

from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    Record,
    label_key,
    make_frame,
    number,
    provenance,
    shape_tables,
    squash_cjk_spaces,
)
from warehouse.printed_values import marker_of, split_value_and_year, try_parse_year

KPI_UNITS = frozenset(
    {"人", "%", "百万円", "千円", "円", "件", "箇所", "回", "社", "人/年", "事業"}
)
_PAREN = re.compile(r"[（(]([^（）()]+)[）)]")
_CATEGORY = re.compile(r"^([アイウエオ])\s*(.*)$")
# The national template's words for the roles of a KPI table's columns (a header cell is
# given the first role whose word its NFKC key contains). A baseline is printed as 基準値
# or 現状値; its year in the value cell, in the row below, or in a column of its own.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "baseline_year": ("基準年", "現状年"),
    "target_year": ("目標年",),
    "indicator": ("指標",),
    "baseline": ("基準値", "現状値"),
    "target": ("目標値",),
    "source": ("出典",),
    "unit": ("単位",),
    "category": ("区分",),
    "number": ("No", "番号"),
}
REQUIRED_COLUMNS = frozenset({"indicator", "baseline", "target"})
# The number a KPI is cited by (ア-1, No.3): its last digits give its place in the category.
_KPI_NUMBER = re.compile(r"(\d+)\s*$")


@dataclass(frozen=True)
class Indicator:
    """A printed KPI name split into name, unit and the qualifier printed after the unit."""

    printed: str
    name: str
    unit: str | None
    qualifier: str | None


def unit_in_parentheses(text: str, units: frozenset[str]) -> re.Match[str] | None:
    """The first parenthesized group of `text` that is one of `units` (compared in NFKC,
    stripped): `（人）` in a KPI name, `（km²）` in a data table's label."""
    for match in _PAREN.finditer(text):
        if unicodedata.normalize("NFKC", match.group(1)).strip() in units:
            return match
    return None


def parse_indicator(printed: str) -> Indicator:
    """`圏域全体の従業者数（人） （民営事業所）` → (圏域全体の従業者数, 人, （民営事業所）).

    The unit is the first parenthesized group that is a unit; a KPI printed without one
    (新規連携事業数（…）※…累計) keeps its parenthesized scope in the name and the ※ note
    as qualifier.
    """
    text = " ".join(printed.split())
    match = unit_in_parentheses(text, KPI_UNITS)
    if match:
        unit = unicodedata.normalize("NFKC", match.group(1)).strip()
        rest = text[match.end() :].strip()
        return Indicator(printed, squash_cjk_spaces(text[: match.start()]), unit, rest or None)
    name, _, note = text.partition("※")
    return Indicator(printed, squash_cjk_spaces(name), None, f"※{note.strip()}" if note else None)


def _role(cell: str) -> str | None:
    key = unicodedata.normalize("NFKC", label_key(cell))
    return next((role for role, ws in COLUMN_WORDS.items() if any(w in key for w in ws)), None)


def _columns(table: ExtractedTable, header: list[str]) -> dict[str, int]:
    """Column index of each role (indicator, baseline, target; source, years, unit,
    category, number when printed) in a KPI header row."""
    found: dict[str, int] = {}
    for col, role in enumerate(map(_role, header)):
        if role is not None:
            found.setdefault(role, col)
    if "indicator" not in found and header and "成果指標" in label_key(header[0]):
        found["indicator"] = 0
    if not set(found) >= REQUIRED_COLUMNS:
        raise FrameError(
            table.caption, f"KPI header {header} lacks {sorted(REQUIRED_COLUMNS - set(found))}"
        )
    return found


def _category(
    table: ExtractedTable, row: list[str], cols: dict[str, int]
) -> tuple[str | None, str | None]:
    """(ア, <title>) from the row's 区分 cell when the table prints one, else from the
    section's last part, else from the caption."""
    printed = [row[cols["category"]]] if "category" in cols else []
    for text in (*printed, table.section.split(">")[-1], table.caption):
        match = _CATEGORY.match(text.strip())
        if match:
            return match.group(1), squash_cjk_spaces(match.group(2)) or None
    return None, None


def _seq(row: list[str], cols: dict[str, int], default: int) -> int:
    """The KPI's place in its category: the printed number's last digits (ア-3 → 3)."""
    printed = unicodedata.normalize("NFKC", row[cols["number"]]) if "number" in cols else ""
    match = _KPI_NUMBER.search(printed)
    return int(match.group(1)) if match else default


def _kpi_rows(
    table: ExtractedTable, header_index: int, printed_in: str, revision_id: str
) -> list[Record]:
    """KPI records (baseline and target) of the rows below the header row at
    `header_index`."""
    header = table.rows[header_index]
    cols = _columns(table, header)
    # A KPI table prints one KPI over two rows (its name merged): rows grouped by the name.
    rows = range(header_index + 1, len(table.rows))
    groups = groupby(rows, key=lambda i: table.rows[i][cols["indicator"]])
    records = []
    for seq, (_, grouped) in enumerate(groups, start=1):
        group = list(grouped)
        first = table.rows[group[0]]
        indicator = parse_indicator(first[cols["indicator"]])
        # A unit column, where printed, wins over a unit in the name.
        unit = unicodedata.normalize("NFKC", first[cols["unit"]]).strip() if "unit" in cols else ""
        source = first[cols["source"]] if "source" in cols else None
        code, title = _category(table, first, cols)
        for kind in ("baseline", "target"):
            # Its year in a column of its own, in the row below (a KPI over two rows), or in
            # the value's cell.
            if f"{kind}_year" in cols:
                value_text, year_text = first[cols[kind]], first[cols[f"{kind}_year"]] or None
            elif len(group) >= 2:
                value_text, year_text = first[cols[kind]], table.rows[group[1]][cols[kind]]
            else:
                value_text, year_text = split_value_and_year(first[cols[kind]])
            parsed = number(table, value_text, f"{kind} of {indicator.printed!r}")
            year = try_parse_year(year_text) if year_text else None
            if year_text and year is None and marker_of(year_text) is None:
                raise FrameError(table.caption, f"year {year_text!r} of {indicator.printed!r}")
            column_label = squash_cjk_spaces(header[cols[kind]])
            record = provenance(table, group[0], revision_id, indicator.printed, column_label)
            record |= {
                "printed_in": printed_in,
                "category_code": code,
                "category_title": title,
                "kpi_seq": _seq(first, cols, seq),
                "indicator_printed": indicator.printed,
                "indicator": indicator.name,
                "indicator_key": label_key(indicator.name),
                "qualifier": indicator.qualifier,
                "source": " ".join(source.split()) if source else None,
                "value_kind": kind,
                "year": year.year if year else None,
                "year_text": year_text,
                "is_fiscal_year": year.is_fiscal if year else None,
                "value": parsed.value,
                "value_text": parsed.printed,
                "marker": parsed.marker,
                "unit": unit or indicator.unit,
            }
            records.append(record)
    return records


def matrix_kpi_header(table: ExtractedTable) -> int | None:
    """Index of the `成果指標（KPI） | 基準値 | 目標値 | 出典` row inside a project matrix."""
    rows = range(table.header_rows, len(table.rows))
    return next((i for i in rows if "成果指標" in label_key(table.rows[i][0])), None)


def build_kpi(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_kpi: every KPI's baseline and target, from the KPI tables and the matrices."""
    records: list[Record] = []
    for spec, table in shape_tables(tables, "kpi_table", where=_has_kpi_header):
        records += _kpi_rows(table, 0, spec.section.label, revision_id)
    for spec, table in shape_tables(tables, "project_matrix"):
        header_index = matrix_kpi_header(table)
        if header_index is not None:
            records += _kpi_rows(table, header_index, spec.section.label, revision_id)
    return make_frame("fact_kpi", records)


def _has_kpi_header(table: ExtractedTable) -> bool:
    return bool(table.rows) and any("基準値" in label_key(c) for c in table.rows[0])
