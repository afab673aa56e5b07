"""Read-only access for analysts: run SQL, export tables and views.

`vision query` must not be a way to write anything. DuckDB's `read_only=True` only protects
the database file itself: `COPY … TO`, table functions that read any file, `INSTALL`,
`ATTACH` and `EXPORT DATABASE` still work. So a query session is opened with external
access off and the configuration locked (no statement can turn it back on), and every
statement is parsed by DuckDB first and refused unless it is a read.
"""

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
from warehouse.lock import describe_duckdb_holder

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
# Statement types `vision query` runs: reads only (SELECT covers WITH, FROM-first, VALUES,
# DESCRIBE, SHOW, SUMMARIZE and table-valued PRAGMAs).
READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
# No file system, no extension loading, and no statement may change that.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


class WarehouseMissing(Exception):
    pass


class QueryRefused(Exception):
    """The SQL is empty, unparsable, or not a read; the message says which."""


def connect_read_only(path: Path, *, locked: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection; `locked` also turns off every file and extension access."""
    if not path.exists():
        raise WarehouseMissing(f"{path}: no warehouse yet; run `vision refresh` first")
    if path.is_dir():
        raise WarehouseMissing(f"{path} is a directory; give the warehouse's .duckdb file")
    try:
        return duckdb.connect(str(path), read_only=True, config=dict(LOCKED_DOWN) if locked else {})
    except duckdb.IOException as exc:
        holder = describe_duckdb_holder(exc)
        if holder is not None:
            raise WarehouseMissing(
                f"{path} is open read-write in {holder}; close that connection "
                "(or open it with read_only=True there) and run again"
            ) from exc
        detail = "" if "not a valid DuckDB database" in str(exc) else f" ({_first_line(exc)})"
        raise WarehouseMissing(
            f"{path} is not a DuckDB warehouse{detail}; give the file `vision refresh` "
            "built, or run `vision refresh --warehouse PATH`"
        ) from exc


def read_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[duckdb.Statement]:
    """The statements of `sql`, parsed by DuckDB; QueryRefused unless each one is a read."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.ParserException as exc:
        raise QueryRefused(f"SQL syntax error: {_first_line(exc)}") from exc
    if not statements:
        raise QueryRefused('no SQL given; e.g. vision query "SELECT * FROM document_findings"')
    for statement in statements:
        if statement.type not in READ_STATEMENTS:
            kind = statement.type.name
            raise QueryRefused(
                f"refused: {kind} statement ({_snippet(statement.query)}); "
                "vision query only reads (SELECT, WITH, DESCRIBE, EXPLAIN); "
                "use `vision export` to write files"
            )
    return statements


def run_query(path: Path, sql: str) -> pd.DataFrame:
    """Run the read statements of `sql`; the result of the last one."""
    with connect_read_only(path, locked=True) as con:
        result = None
        for statement in read_statements(con, sql):
            result = con.execute(statement)
        assert result is not None
        return result.df()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _snippet(sql: str, limit: int = 60) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    frame = con.table(name).df()  # the name never goes into SQL text
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
                # The relation and the path never go into SQL text: quotes, spaces and
                # Japanese in either are safe (con.table takes the name as it is).
                con.table(name).write_parquet(str(target))
            written.append(target)
    return written
