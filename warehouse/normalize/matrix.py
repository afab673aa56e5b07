"""The project × municipality ★ matrices of the list section → participation rows whose
source is that section's label.

The matrices (one per category ア, イ, ウ) do not share a layout: ア prints `ア 圏域全体…`
in one cell and `a` and its title in two, イ prints `イ` and its title in two cells and
`a 高度な…` in one, ウ spreads ウ / A / a and their titles over six columns. So columns are
found by content: municipality columns by their header names (four header rows, the names in
merged cells spanning them), the project column by `【n】`, and everything left of it is
read as the category path. Rows from the `成果指標（KPI）` row on are the KPI list (see `kpi.py`).
"""

from __future__ import annotations

from sources.profile import MUNICIPALITY_KINDS
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    Record,
    RowRef,
    canonical_code,
    provenance,
    shape_tables,
    squash_cjk_spaces,
    try_classify_label,
)
from warehouse.normalize.kpi import matrix_kpi_header
from warehouse.normalize.projects import parse_path, participation_columns, split_project_name


def municipality_columns_of(table: ExtractedTable) -> list[tuple[int, RowRef]]:
    """(column, municipality) for every header column that names a municipality.

    The names are printed in canonical order, so a misprinted name is checked against
    the municipality expected at its position.
    """
    last = table.header[-1] if table.header else []
    candidates = [(c, t) for c, t in enumerate(last) if t.strip().endswith(MUNICIPALITY_KINDS)]
    refs = (
        (col, try_classify_label(text, table.caption, canonical_code(p, len(candidates))))
        for p, (col, text) in enumerate(candidates)
    )
    columns = [(col, ref) for col, ref in refs if ref is not None]
    if not columns:
        raise FrameError(table.caption, "no municipality columns in the matrix header")
    return columns


def project_column(table: ExtractedTable, end: int) -> int:
    """The column whose body cells are `【n】…` project names."""
    for row in table.rows[table.header_rows : end]:
        for col, text in enumerate(row):
            if split_project_name(text)[0] is not None:
                return col
    raise FrameError(table.caption, "no 【n】 project column in the matrix")


def matrix_participation(table: ExtractedTable, revision_id: str, source: str) -> list[Record]:
    """Participation records of one matrix printed in the section labelled `source`: one
    per project × municipality."""
    end = matrix_kpi_header(table) or len(table.rows)
    munis = municipality_columns_of(table)
    project_col = project_column(table, end)
    records: list[Record] = []
    for index, row in enumerate(table.rows[table.header_rows : end], start=table.header_rows):
        number_, name = split_project_name(row[project_col])
        if number_ is None:
            continue
        # A text a merge repeats changes nothing in parse_path.
        path = parse_path(row[:project_col])
        for col, ref in munis:
            mark = row[col].strip() if col < len(row) else ""
            record = provenance(
                table, index, revision_id, squash_cjk_spaces(row[project_col]), ref.printed
            )
            record |= participation_columns(source, number_, name, path, ref)
            # Any mark printed in a member's column says it takes part.
            records.append(record | {"mark_printed": mark, "participates": bool(mark)})
    return records


def build_matrix_participation(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """Participation records of every project matrix the profile declares."""
    return [
        record
        for spec, table in shape_tables(tables, "project_matrix")
        for record in matrix_participation(table, revision_id, spec.section.label)
    ]
