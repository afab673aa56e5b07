"""Every extracted cell as a row, labelled the way a reader names it.

The fact tables hold what the document *means*; this table holds what it *prints*, cell by
cell, so any value can be traced to its page, table, row and column, and two revisions can
be compared without knowing anything about the tables' meaning (`vision diff`).

A cell's row label is the text of the row's first cell (see `row_label`), and its column
label the header rows' texts above it joined with "/" (a header repeated by a vertical
merge counts once).
Labels can repeat inside a table (a card's three 実施スケジュール rows), so each label also
gets its occurrence number; (label, occurrence) pairs identify a cell across revisions.
Positions covered by a merged cell other than its top-left one are left out, so a change
to a merged cell is reported once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from sources.japanese_text import compact_key
from sources.tables import ExtractedTable
from warehouse.printed_values import try_parse_number

HEADER_ROW_LABEL = "(見出し)"
LABEL_SEPARATOR = "/"


def column_labels(
    table: ExtractedTable, header: Sequence[Sequence[str]] | None = None
) -> list[str]:
    """One label per column from the header rows (or `列n` when the table has none);
    `header` gives other rows to read them from (a part's own header)."""
    width = max((len(r) for r in table.rows), default=0)
    labels = []
    for col in range(width):
        parts: list[str] = []
        for row in table.header if header is None else header:
            text = row[col].strip() if col < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(LABEL_SEPARATOR.join(parts) or f"列{col + 1}")
    return labels


def _vertically_merged_rows(table: ExtractedTable, col: int) -> set[int]:
    return {
        r
        for span in table.spans
        if span.col == col and span.rowspan > 1
        for r in range(span.row, span.row + span.rowspan)
    }


def row_label(table: ExtractedTable, index: int) -> str:
    """The first cell's text; when that cell is merged down over several rows (a card's
    実施スケジュール block), the second cell's text is added to tell the rows apart."""
    row = table.rows[index]
    if not row:
        return ""
    label = row[0].strip()
    if len(row) > 1 and index in _vertically_merged_rows(table, 0):
        label = f"{label}{LABEL_SEPARATOR}{row[1].strip()}"
    return label


def _names_columns(row: list[str]) -> bool:
    """Whether a row's cells after the first are labels, not values: a block's head row
    (年度 | 2025年度 …) names the columns of the rows under it; a data row (製造業 | 2,315 …)
    under a label merged downwards (産業, 県 printed vertically) does not."""
    texts = [c.strip() for c in row[1:] if c.strip()]
    return bool(texts) and not any(
        (parsed := try_parse_number(t)) is not None and parsed.value is not None for t in texts
    )


def _block_heads(table: ExtractedTable) -> dict[int, int]:
    """Row → first row of its block, for body rows inside a block whose first cell is
    merged downwards and whose first row names the columns (a card's 実施スケジュール
    block, headed by its 年度 row)."""
    heads = {}
    for span in table.spans:
        if (
            span.col == 0
            and span.rowspan > 1
            and span.row >= table.header_rows
            and _names_columns(table.rows[span.row])
        ):
            for r in range(span.row + 1, span.row + span.rowspan):
                heads[r] = span.row
    return heads


def _block_column_labels(
    table: ExtractedTable, index: int, columns: list[str], heads: dict[int, int]
) -> list[str]:
    """Column labels for row `index`: the block's first row names the columns of the rows
    under it (2025年度 (令和7年度) …), falling back to the table's header labels."""
    if index not in heads:
        return columns
    head = table.rows[heads[index]]
    return [
        (head[c].strip() if c < len(head) and c > 0 and head[c].strip() else columns[c])
        for c in range(len(columns))
    ]


def part_starts(table: ExtractedTable) -> list[int]:
    """The rows where a table printed in parts prints its header again (the second half of
    a residence table, its other members across): a body row whose first cell is the first
    header cell's text (項目) and whose other cells name columns."""
    first = compact_key(table.rows[0][0]) if table.header_rows and table.rows[0] else ""
    starts: list[int] = []
    if not first:
        return starts
    for r in range(table.header_rows, len(table.rows)):
        row = table.rows[r]
        again = bool(row) and compact_key(row[0]) == first and _names_columns(row)
        # A header of several rows repeats its merged first cell in each of them.
        if again and (not starts or r - starts[-1] >= table.header_rows):
            starts.append(r)
    return starts


def row_column_labels(table: ExtractedTable) -> list[list[str]]:
    """The column labels of each row of `table` (see `_block_column_labels`); in a table
    printed in parts, the rows of a part (its header rows too) are labelled by the header
    printed over them. What `table_cell.column_label` holds, and what fact_measure names a
    number's column by."""
    columns = column_labels(table)
    heads = _block_heads(table)
    labels = [_block_column_labels(table, r, columns, heads) for r in range(len(table.rows))]
    starts = part_starts(table)
    for start, end in zip(starts, [*starts[1:], len(table.rows)], strict=False):
        own = column_labels(table, table.rows[start : start + table.header_rows])
        labels[start:end] = [own] * (end - start)
    return labels


def covered_positions(table: ExtractedTable) -> set[tuple[int, int]]:
    """Grid positions that repeat a merged cell's text (all but its top-left one)."""
    covered = set()
    for span in table.spans:
        for r in range(span.row, span.row + span.rowspan):
            for c in range(span.col, span.col + span.colspan):
                if (r, c) != (span.row, span.col):
                    covered.add((r, c))
    return covered


def _occurrences(labels: list[str]) -> list[int]:
    seen: Counter[str] = Counter()
    numbers = []
    for label in labels:
        numbers.append(seen[label])
        seen[label] += 1
    return numbers


def table_cells(tables: list[ExtractedTable]) -> pd.DataFrame:
    """All cells of all tables, with labels, occurrences and page."""
    records = []
    table_seen: Counter[tuple[str, str]] = Counter()
    for table in tables:
        key = (table.section, table.caption)
        table_occurrence = table_seen[key]
        table_seen[key] += 1
        row_labels = [
            HEADER_ROW_LABEL if i < table.header_rows else row_label(table, i)
            for i in range(len(table.rows))
        ]
        row_occurrence = _occurrences(row_labels)
        covered = covered_positions(table)
        for r, (row, labels) in enumerate(zip(table.rows, row_column_labels(table), strict=True)):
            column_occurrence = _occurrences(labels)
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                records.append(
                    {
                        "table_id": table.id,
                        "caption": table.caption,
                        "section": table.section,
                        "table_kind": table.kind,
                        "table_occurrence": table_occurrence,
                        "page": table.page_of_row(r),
                        "row_index": r,
                        "col_index": c,
                        "is_header": r < table.header_rows,
                        "row_label": row_labels[r],
                        "row_occurrence": row_occurrence[r],
                        "column_label": labels[c] if c < len(labels) else f"列{c + 1}",
                        "column_occurrence": column_occurrence[c] if c < len(labels) else 0,
                        "text": text,
                    }
                )
    return pd.DataFrame.from_records(records, columns=CELL_COLUMNS)


# table_cell's columns with their DuckDB types, as migration 0005_table_cell.sql creates
# them (tests/warehouse/test_cells.py compares): the frame's columns, and revision_id, which
# the loader adds. A profile's subject relations may read them (warehouse.subjects).
CELL_TYPES: dict[str, str] = {
    "revision_id": "VARCHAR",
    "table_id": "VARCHAR",
    "caption": "VARCHAR",
    "section": "VARCHAR",
    "table_kind": "VARCHAR",
    "table_occurrence": "INTEGER",
    "page": "INTEGER",
    "row_index": "INTEGER",
    "col_index": "INTEGER",
    "is_header": "BOOLEAN",
    "row_label": "VARCHAR",
    "row_occurrence": "INTEGER",
    "column_label": "VARCHAR",
    "column_occurrence": "INTEGER",
    "text": "VARCHAR",
}
CELL_COLUMNS = [name for name in CELL_TYPES if name != "revision_id"]
