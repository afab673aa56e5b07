"""fact_measure: every number printed in a data table, one row each, read by shape.

This one reads every table of kind `data`, whatever its subject, so every number is in the
warehouse with its labels. Nothing here knows a table key or a caption: a table is read
from its grid alone. What a table is about is the profile's subject relations, views over
this fact (warehouse.subjects); the population, a fixed part of the template, reads its
tables through the same reading (`area_records`, which also refuses a number no one can
read or a row that names no area).

- Its *number columns* are the columns whose body prints at least one number (or only
  markers: a member with none); the first column only when its body prints numbers and
  no year (a station table prints its counts there; a table of years down the first
  column prints labels). A number cell is a body cell of a number column, top-left of its
  merge, that holds a number or a marker (—, *, x, … kept with value NULL, never 0); an
  empty cell is no number.
- Its *row label* is the texts of the columns left of the first number column, joined with
  LABEL_SEPARATOR (県名/市町名 under a prefecture printed vertically over its cities,
  製造業/事業所数); its *column label* is what `table_cell.column_label` holds
  (warehouse.cells.row_column_labels: in a table printed in parts, its part's header).
- The municipality is the one its row label names, else the one its column label names
  (a table with the members across), else the one a label cell of its row right of the
  numbers names (a school's 所在地), resolved as the typed facts resolve names
  (warehouse.normalize.common.classify_label); `row_kind` says municipality, total or other,
  NULL when none of them names an area. The *measure* is the label along the other axis,
  without the parts that are only a year.
- The *period* is the first year printed in the column label, the row label, or else the
  caption when it prints one year only (2020年, 令和2年度, 令和12年（2030年）→ 2030); the
  *unit* `%` for a printed percentage, else the parenthesized unit of a label (`（人）`,
  `（千円）`), the row's cell under a 単位 column, the unit note (`単位：`), a unit in the
  caption.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import zip_longest

import pandas as pd

from sources.japanese_text import ERA_BASE_YEAR, compact_key
from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.cells import LABEL_SEPARATOR, covered_positions, part_starts, row_column_labels
from warehouse.normalize.common import (
    FrameError,
    Record,
    RowRef,
    declaration_of,
    distinct_runs,
    make_frame,
    municipality_columns,
    named_member,
    provenance,
    squash_cjk_spaces,
    try_classify_label,
)
from warehouse.normalize.kpi import KPI_UNITS, unit_in_parentheses
from warehouse.printed_values import (
    PrintedNumber,
    PrintedYear,
    find_era_year,
    try_parse_number,
    try_parse_year,
)

FACT = "fact_measure"
# A label's or a text's area, resolved once per table.
Resolver = Callable[[str | None], RowRef | None]
DATA_KIND = "data"
AXIS_ROW = "row"
AXIS_COLUMN = "column"

# Units a label prints in parentheses, beyond the KPI tables' (人, %, 千円 …): the counts and
# areas of the data tables.
# Compared in NFKC (km² is km2 there).
LABEL_UNITS = KPI_UNITS | {"世帯", "施設", "床", "km2", "人/km2", "人/日", "件/年", "億円", "万円"}
_UNIT_NOTE = re.compile(r"単位\s*[:：]\s*(?P<unit>[^）)、,]+)")
_WESTERN_IN_TEXT = re.compile(r"(?<!\d)(\d{4})年(度)?")
_ERAS = "|".join(ERA_BASE_YEAR)
_ERA_IN_TEXT = re.compile(rf"({_ERAS})(元|\d{{1,2}})年")


@dataclass(frozen=True)
class NumberCell:
    """A number of a data table: where it is printed, its labels, the parsed value."""

    row_index: int
    col_index: int
    row_label: str | None
    column_label: str
    parsed: PrintedNumber
    # The texts of the row's other label cells, right of its first number (a 所在地 column).
    row_texts: tuple[str, ...] = ()


# --- which cells are numbers -----------------------------------------------------------------


def _value(text: str) -> PrintedNumber | None:
    """The number (or marker) a cell prints; None for text and for an empty cell."""
    parsed = try_parse_number(text)
    return None if parsed is None or parsed.marker == "" else parsed


def _prints_numbers(texts: Iterable[str]) -> bool:
    """A column of numbers: one number at least, or markers only (a member with none)."""
    values = [_value(t) for t in texts if t.strip()]
    return any(v is not None and v.is_number for v in values) or (
        bool(values) and all(v is not None for v in values)
    )


def number_columns(table: ExtractedTable) -> list[int]:
    """The columns whose body prints a number (or markers only); the first one only when its
    body prints numbers only and no year (otherwise it names the rows)."""
    columns = list(zip_longest(*table.body, fillvalue=""))
    found = [c for c in range(1, len(columns)) if _prints_numbers(columns[c])]
    first = [t for column in columns[:1] for t in column if t.strip()]
    names_rows = not first or any(_value(t) is None or try_parse_year(t) for t in first)
    return found if names_rows else [0, *found]


def _row_label(row: Sequence[str], label_columns: int) -> str | None:
    """The texts left of the first number column, a text repeated by a merge once."""
    return LABEL_SEPARATOR.join(distinct_runs(t.strip() for t in row[:label_columns])) or None


def _row_texts(row: Sequence[str], columns: Sequence[int]) -> tuple[str, ...]:
    """The texts of a row's label columns right of its first number column (a merge
    repeats its text in every row it covers)."""
    return tuple(
        text.strip()
        for c, text in enumerate(row)
        if c > columns[0] and c not in columns and text.strip()
    )


def number_cells(table: ExtractedTable, *, strict: bool = False) -> list[NumberCell]:
    """Every number cell of a data table, row by row, left to right (a part's repeated
    header rows print no number). `strict`: a cell of a number column that prints text (not
    in a part's repeated header) is a FrameError naming the table, page, row and column."""
    columns = number_columns(table)
    if not columns:
        return []
    covered = covered_positions(table)
    labels = row_column_labels(table)
    heads = {s + i for s in part_starts(table) for i in range(table.header_rows)} if strict else ()
    cells = []
    for r, row in enumerate(table.body, start=table.header_rows):
        row_label = _row_label(row, columns[0])
        texts = _row_texts(row, columns)
        for c in columns:
            if c >= len(row) or (r, c) in covered:
                continue
            parsed = _value(row[c])
            if parsed is not None:
                cells.append(NumberCell(r, c, row_label, labels[r][c], parsed, texts))
            elif strict and row[c].strip() and r not in heads:
                where = f"p.{table.page_of_row(r)} row {row_label!r} column {labels[r][c]!r}"
                raise FrameError(table.caption, f"{where}: not a number: {row[c]!r}")
    return cells


# --- what a label says ----------------------------------------------------------------------


def _parts(label: str | None) -> list[str]:
    return [p.strip() for p in (label or "").split(LABEL_SEPARATOR) if p.strip()]


def area_of(label: str | None, caption: str) -> RowRef | None:
    """The municipality, total or other a label names (its last part that names one), as
    the typed facts resolve it; None when it names none."""
    refs = (try_classify_label(part, caption) for part in reversed(_parts(label)))
    return next((ref for ref in refs if ref is not None), None)


def _total_ref(label: str | None) -> RowRef | None:
    """A total the profile names (`[document] total_labels`, e.g. 圏域計) in a label."""
    totals = current_profile().document.total_keys
    found = (part for part in _parts(label) if compact_key(part) in totals)
    return next((RowRef("total", None, part, None) for part in found), None)


def year_in(text: str) -> PrintedYear | None:
    """The year a text prints: the whole text (2020, 令和2年度, 2025年度 (令和7年度)), else
    the first western year inside it (2020年（実績）, 令和12年（2030年）), else the first 和暦
    year (表 …（令和2年）)."""
    match = _WESTERN_IN_TEXT.search(unicodedata.normalize("NFKC", "".join(text.split())))
    western = match and PrintedYear(int(match.group(1)), bool(match.group(2)), match.group(0))
    return try_parse_year(text) or western or find_era_year(text)


def _is_only_a_year(part: str) -> bool:
    """A label part that prints a year and nothing else that names a measure."""
    year = year_in(part)
    if year is None:
        return False
    rest = unicodedata.normalize("NFKC", part).replace(year.printed, "")
    return not re.sub(r"[\s()（）年度実績推計見込令和平成昭和元\d]", "", rest)


def measure_of(label: str | None, caption: str) -> str:
    """A label without its year-only parts; the caption when nothing else is left."""
    kept = [p for p in _parts(label) if not _is_only_a_year(p)]
    return LABEL_SEPARATOR.join(kept) or caption.strip()


@lru_cache(maxsize=4096)  # pure: a table's cells repeat the same few labels
def period_of(column_label: str | None, row_label: str | None, caption: str) -> PrintedYear | None:
    """The first year printed in the column label, else in the row label, else the year of
    the caption when it prints one only (表 …（令和2年）; not 2020年→2050年)."""
    for label in (column_label, row_label):
        for part in _parts(label):
            year = year_in(part)
            if year is not None:
                return year
    compact = unicodedata.normalize("NFKC", "".join(caption.split()))
    years = len(_WESTERN_IN_TEXT.findall(compact)) + len(_ERA_IN_TEXT.findall(compact))
    return year_in(caption) if years == 1 else None


def unit_in(text: str | None) -> str | None:
    """A unit printed in parentheses (`（人）`, `(千円)`) or in a note `単位：人`."""
    if not text:
        return None
    normalized = unicodedata.normalize("NFKC", text)
    note = _UNIT_NOTE.search(normalized)
    if note:
        return note.group("unit").strip()
    match = unit_in_parentheses(normalized, LABEL_UNITS)
    return match.group(1).strip() if match else None


def unit_of(table: ExtractedTable, cell: NumberCell) -> str | None:
    """The unit of a number: `%` when printed with one, else its labels' unit, the row's
    単位 cell, the table's unit note, the caption's unit."""
    if cell.parsed.is_percent:
        return "%"
    for text in (cell.column_label, cell.row_label):
        unit = unit_in(text)
        if unit:
            return unit
    row = table.rows[cell.row_index]
    if table.unit_column is not None and table.unit_column < len(row):
        printed = row[table.unit_column].strip()
        if printed:
            return unicodedata.normalize("NFKC", printed)
    if table.unit and "、" not in table.unit:  # 人、％: a note for several columns
        return unicodedata.normalize("NFKC", table.unit).strip()
    return unit_in(table.caption)


# --- the records ----------------------------------------------------------------------------


def _label_area(label: str | None, caption: str) -> RowRef | None:
    return area_of(label, caption) or _total_ref(label)


def _located(
    cell: NumberCell, caption: str, area: Resolver, member: Resolver
) -> tuple[RowRef | None, str | None, str]:
    """(the area, the axis it is read from, the measure along the other axis); `area` gives
    a label's area, `member` the member a text names (each resolved once per table)."""
    row_ref, column_ref = area(cell.row_label), area(cell.column_label)
    if row_ref is not None and (row_ref.row_kind == "municipality" or column_ref is None):
        return row_ref, AXIS_ROW, measure_of(cell.column_label, caption)
    if column_ref is not None:
        return column_ref, AXIS_COLUMN, measure_of(cell.row_label, caption)
    # Neither label names an area: a label cell of the row may name a member (a school's
    # 所在地), by its name as printed (common.named_member).
    ref = next((ref for ref in map(member, cell.row_texts) if ref is not None), None)
    return ref, AXIS_ROW if ref is not None else None, measure_of(cell.column_label, caption)


def measure_records(
    table: ExtractedTable, revision_id: str, *, strict: bool = False
) -> list[Record]:
    """The fact_measure records of one data table (`strict`: see number_cells)."""
    spec = declaration_of(table)
    area = cache(lambda label: _label_area(label, table.caption))
    member = cache(lambda text: named_member(text, table.caption))
    records = []
    for cell in number_cells(table, strict=strict):
        ref, axis, measure = _located(cell, table.caption, area, member)
        period = period_of(cell.column_label, cell.row_label, table.caption)
        record = provenance(table, cell.row_index, revision_id, cell.row_label, cell.column_label)
        records.append(
            record
            | municipality_columns(ref)
            | {
                "table_key": spec.key if spec else None,
                "row_index": cell.row_index,
                "col_index": cell.col_index,
                "area_axis": axis,
                "measure": measure,
                "period_year": period.year if period else None,
                "is_fiscal_year": period.is_fiscal if period else None,
                "period_text": period.printed if period else None,
                "value": cell.parsed.value,
                "value_text": cell.parsed.printed,
                "marker": cell.parsed.marker,
                "unit": unit_of(table, cell),
                "footnote": cell.parsed.footnote,
            }
        )
    return records


def area_records(
    table: ExtractedTable, revision_id: str, axis: str | None = AXIS_ROW
) -> list[Record]:
    """The measure records of a table of areas down its rows (or across, `axis` column),
    for a typed fact that needs every one of its numbers (the population): each number's
    area is the one its label along `axis` names (その他 × 合計 is その他 down the rows,
    where fact_measure prefers the total); FrameError naming the table and page for a label
    that names no municipality, total or other, or a cell of a number column that prints
    neither a number nor a marker (fact_measure, which keeps what it can read, leaves both
    to the checks). An empty cell is no number, as in fact_measure. With `axis` None the
    areas are as fact_measure reads them, the fact judging its labels itself. Column labels
    each part without its line breaks (squash_cjk_spaces, as `column_labels`)."""
    records = []
    for read in measure_records(table, revision_id, strict=True):
        if axis is not None and read["area_axis"] != axis:
            ref = _label_area(read[f"{axis}_label"], table.caption)
            if ref is None:
                where = f"p.{read['page']} {axis} {read[f'{axis}_label']!r}"
                raise FrameError(table.caption, f"{where} names no municipality, total or other")
            read |= municipality_columns(ref) | {"area_axis": axis}
        parts = read["column_label"].split(LABEL_SEPARATOR)
        records.append(read | {"column_label": LABEL_SEPARATOR.join(map(squash_cjk_spaces, parts))})
    return records


def build_measures(tables: Sequence[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_measure: the number cells of every data table of the document."""
    records = [r for t in tables if t.kind == DATA_KIND for r in measure_records(t, revision_id)]
    return make_frame(FACT, records)
