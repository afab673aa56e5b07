"""Write extracted tables to disk: one JSON document, or one CSV/Parquet file per table.

* ``json``: ``tables.json`` = ``{"document": {...}, "tables": [...]}``, each table in the
  shape of ``shared/vision/ground_truth_tables.json`` (id, caption, section, kind, pages,
  header_rows, rows, spans) plus ``row_pages`` and what is printed with the table:
  ``unit`` (of its unit note), ``unit_column`` (the column headed 単位, if any), ``source``
  (its 資料/出典) and ``notes`` (資料, 注, ※ lines).
* ``csv``: ``<id>.csv`` per table (UTF-8 with BOM so spreadsheet programs read the
  Japanese text; the grid as printed, header rows first) and ``index.csv`` (page,
  caption, section, kind, header rows, unit, source, notes of every table).
* ``parquet``: ``<id>.parquet`` per table (columns ``row_index``, ``page``, ``is_header``,
  ``c0``…``cN``) and ``index.parquet``, written through DuckDB (no pyarrow needed).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sources.atomic_write import replace_file, replacing, staged_path
from sources.spreadsheet_text import csv_row
from sources.tables import ExtractedTable
from sources.vision_pdf import VisionDocument

FORMATS = ("json", "csv", "parquet")
INDEX_COLUMNS = (
    "id",
    "caption",
    "section",
    "kind",
    "first_page",
    "last_page",
    "header_rows",
    "n_rows",
    "n_cols",
    "unit",
    "unit_column",
    "source",
    "notes",
    "file",
    "document_sha256",
)


def document_json(document: VisionDocument) -> dict[str, Any]:
    """Provenance of the extraction: which bytes it was read from."""
    return {
        "sha256": document.sha256,
        "path": str(document.path),
        "page_count": document.page_count,
        "title": document.title,
        "size_bytes": document.size_bytes,
    }


def _index_rows(
    document: VisionDocument, tables: Sequence[ExtractedTable], suffix: str
) -> list[tuple[Any, ...]]:
    return [
        (
            t.id,
            t.caption,
            t.section,
            t.kind,
            t.pages[0],
            t.pages[-1],
            t.header_rows,
            len(t.rows),
            len(t.rows[0]) if t.rows else 0,
            t.unit,
            t.unit_column,
            t.source,
            "\n".join(t.notes),
            f"{t.id}.{suffix}",
            document.sha256,
        )
        for t in tables
    ]


def _row_page(table: ExtractedTable, i: int) -> int:
    return table.row_pages[i] if table.row_pages else table.pages[0]


def write_json(document: VisionDocument, tables: Sequence[ExtractedTable], out: Path) -> list[Path]:
    path = out / "tables.json"
    payload = {"document": document_json(document), "tables": [t.to_json() for t in tables]}
    replace_file(path, json.dumps(payload, ensure_ascii=False, indent=1))
    return [path]


def write_csv(document: VisionDocument, tables: Sequence[ExtractedTable], out: Path) -> list[Path]:
    written = []
    for t in tables:
        path = out / f"{t.id}.csv"
        with replacing(path, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(csv_row(row) for row in t.rows)
        written.append(path)
    index = out / "index.csv"
    with replacing(index, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INDEX_COLUMNS)
        writer.writerows(_index_rows(document, tables, "csv"))
    return [index, *written]


def write_parquet(
    document: VisionDocument, tables: Sequence[ExtractedTable], out: Path
) -> list[Path]:
    import duckdb

    written = []
    con = duckdb.connect()
    try:
        for t in tables:
            n_cols = len(t.rows[0]) if t.rows else 0
            cols = ", ".join(f"c{j} VARCHAR" for j in range(n_cols))
            con.execute("DROP TABLE IF EXISTS grid")
            con.execute(
                "CREATE TABLE grid (row_index INTEGER, page INTEGER, is_header BOOLEAN"
                + (f", {cols})" if cols else ")")
            )
            if t.rows:
                marks = ", ".join(["?"] * (3 + n_cols))
                con.executemany(
                    f"INSERT INTO grid VALUES ({marks})",
                    [[i, _row_page(t, i), i < t.header_rows, *row] for i, row in enumerate(t.rows)],
                )
            path = out / f"{t.id}.parquet"
            with staged_path(path) as staged:  # the path never goes into SQL text
                con.table("grid").write_parquet(str(staged))
            written.append(path)
        con.execute("DROP TABLE IF EXISTS idx")
        con.execute(
            "CREATE TABLE idx (id VARCHAR, caption VARCHAR, section VARCHAR, kind VARCHAR, "
            "first_page INTEGER, last_page INTEGER, header_rows INTEGER, n_rows INTEGER, "
            "n_cols INTEGER, unit VARCHAR, unit_column INTEGER, source VARCHAR, notes VARCHAR, "
            "file VARCHAR, document_sha256 VARCHAR)"
        )
        rows = _index_rows(document, tables, "parquet")
        if rows:
            marks = ", ".join(["?"] * len(INDEX_COLUMNS))
            con.executemany(f"INSERT INTO idx VALUES ({marks})", rows)
        index = out / "index.parquet"
        with staged_path(index) as staged:
            con.table("idx").write_parquet(str(staged))
    finally:
        con.close()
    return [index, *written]


def write_extraction(
    document: VisionDocument,
    tables: Sequence[ExtractedTable],
    out_dir: Path | str,
    fmt: str = "json",
) -> list[Path]:
    """Write `tables` to `out_dir` (created if needed) as json|csv|parquet; returns the
    files written (the index first for csv/parquet)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        return write_json(document, tables, out)
    if fmt == "csv":
        return write_csv(document, tables, out)
    return write_parquet(document, tables, out)
