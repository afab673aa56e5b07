"""Read-only access for analysts: run SQL, export tables and views."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import duckdb
import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table

from warehouse.exports import LIST_SEPARATOR, Relation, write_csv, write_xlsx
from warehouse.labels import reading_order

EXPORT_FORMATS = ("csv", "parquet", "xlsx")


class WarehouseMissing(Exception):
    pass


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseMissing(f"{path}: no warehouse yet; run `vision refresh` first")
    return duckdb.connect(str(path), read_only=True)


def run_query(path: Path, sql: str) -> pd.DataFrame:
    with connect_read_only(path) as con:
        return con.execute(sql).df()


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        return json.dumps(
            json.loads(frame.to_json(orient="records", date_format="iso")),
            ensure_ascii=False,
            indent=2,
        )
    return frame_table(frame)


def _cell_text(value: object) -> str:
    """A value as a person reads it: NULL/NaN blank, lists joined with 、, floats short."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.15g}"
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict)):
        return LIST_SEPARATOR.join(_cell_text(v) for v in value)
    return str(value)


def frame_table(frame: pd.DataFrame) -> str:
    """Rows as an aligned text table; rich measures East Asian wide characters as two
    columns, so Japanese text stays aligned (pandas' to_string does not)."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column].dtype) and not (
            pd.api.types.is_bool_dtype(frame[column].dtype)
        )
        table.add_column(str(column), justify="right" if numeric else "left", no_wrap=True)
    for row in frame.itertuples(index=False, name=None):
        table.add_row(*(_cell_text(v) for v in row))
    buffer = io.StringIO()
    # Wide enough never to wrap: the table is as wide as its content, like a CSV viewer.
    console = Console(file=buffer, width=100_000, color_system=None, highlight=False)
    console.print(table, markup=False)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def exportable_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view in the main schema, in name order."""
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
    ]


def _relation(con: duckdb.DuckDBPyConnection, name: str) -> Relation:
    """A relation's rows with its column types and comments (for labels and layout)."""
    columns = con.execute(
        "SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()
    frame = con.execute(f'SELECT * FROM "{name}"').df()
    return Relation(
        name,
        frame,
        types={c: t for c, t, _ in columns},
        comments={c: comment for c, _, comment in columns},
    )


def export_warehouse(path: Path, out_dir: Path, fmt: str, lang: str = "ja") -> list[Path]:
    """Write every table and view to `out_dir`: one CSV (UTF-8 with BOM, so Excel reads
    the Japanese correctly) or Parquet file per relation, or one .xlsx with a sheet each.
    CSV and Excel are for people (labels in `lang`, lists joined, codes as text; see
    `warehouse.exports`); Parquet keeps the machine names and native types for tools."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with connect_read_only(path) as con:
        relations = exportable_relations(con)
        if fmt == "xlsx":
            target = out_dir / f"{path.stem}.xlsx"
            ordered = [_relation(con, name) for name in reading_order(relations)]
            return [write_xlsx(ordered, target, lang)]
        for name in relations:
            target = out_dir / f"{name}.{fmt}"
            if fmt == "csv":
                write_csv(_relation(con, name), target, lang)
            else:
                con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' (FORMAT parquet)")
            written.append(target)
    return written
