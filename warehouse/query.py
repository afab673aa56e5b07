"""Read-only access for analysts: run SQL, export tables and views.

`vision query` must not be a way to write anything. DuckDB's `read_only=True` only protects
the database file itself: `COPY … TO`, table functions that read any file, `INSTALL`,
`ATTACH` and `EXPORT DATABASE` still work. So every reader is opened locked down (see
`warehouse.reader`), and every statement is parsed by DuckDB first and refused unless it
is a read — an `EXPLAIN` only when the statement it explains is one (`EXPLAIN ANALYZE`
runs it).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table

from warehouse.exports import LIST_SEPARATOR, Relation, write_csv, write_xlsx
from warehouse.labels import reading_order
from warehouse.reader import (
    QueryTimeout,
    WarehouseMissing,
    connect_read_only,
    time_limited,
)
from warehouse.reader import (
    duckdb_text as _first_line,
)

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
# Statement types `vision query` runs: reads only (SELECT covers WITH, FROM-first, VALUES,
# DESCRIBE, SHOW, SUMMARIZE and table-valued PRAGMAs); EXPLAIN when what it explains is.
READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
DUCKDB_TYPES = "duckdb_types"
NUMERIC_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"}
    | {"UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE"}
)
# What may stand between EXPLAIN and the statement it explains.
_EXPLAIN_WORDS = (b"ANALYZE", b"ANALYSE")

__all__ = [
    "ForeignRelation",
    "QueryRefused",
    "QueryTimeout",
    "WarehouseMissing",
    "connect_read_only",
    "export_warehouse",
    "read_statements",
    "run_query",
]


class QueryRefused(Exception):
    """The SQL is empty, unparsable, or not a read; the message says which."""


class ForeignRelation(Exception):
    """A table or view of the warehouse reads files: `vision` did not make it."""


def read_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[duckdb.Statement]:
    """The statements of `sql`, parsed by DuckDB; QueryRefused unless each one is a read."""
    statements = _parsed(con, sql)
    if not statements:
        raise QueryRefused('no SQL given; e.g. vision query "SELECT * FROM document_findings"')
    for statement in statements:
        _refuse_unless_read(con, statement)
    return statements


def _parsed(con: duckdb.DuckDBPyConnection, sql: str) -> list[duckdb.Statement]:
    try:
        return con.extract_statements(sql)
    except duckdb.ParserException as exc:
        raise QueryRefused(f"SQL syntax error: {_first_line(exc)}") from exc


def _refuse_unless_read(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> None:
    if statement.type not in READ_STATEMENTS:
        raise QueryRefused(
            f"refused: {statement.type.name} statement ({_snippet(statement.query)}); "
            "vision query only reads (SELECT, WITH, DESCRIBE, EXPLAIN); "
            "use `vision export` to write files"
        )
    if statement.type != duckdb.StatementType.EXPLAIN:
        return
    explained = _parsed(con, explained_sql(statement.query))
    if len(explained) != 1 or explained[0].type not in READ_STATEMENTS:
        kind = explained[0].type.name if len(explained) == 1 else "no single"
        raise QueryRefused(
            f"refused: EXPLAIN of {kind} statement ({_snippet(statement.query)}); "
            "EXPLAIN ANALYZE runs what it explains, so vision query explains reads only"
        )
    _refuse_unless_read(con, explained[0])


def explained_sql(sql: str) -> str:
    """The text of the statement an EXPLAIN statement explains: what follows EXPLAIN, an
    ANALYZE and a parenthesised option list, found with DuckDB's own tokenizer (whose
    positions count bytes)."""
    data = sql.encode("utf-8")
    starts = [start for start, _ in duckdb.tokenize(sql)]
    index, depth = 1, 0  # token 0 is EXPLAIN itself
    while index < len(starts):
        token = data[starts[index] :]
        if depth == 0 and _is_explain_word(token):
            pass
        elif token[:1] == b"(" and (depth > 0 or _opens_options(data, starts, index)):
            depth += 1
        elif token[:1] == b")" and depth > 0:
            depth -= 1
        elif depth == 0:
            break
        index += 1
    return data[starts[index] :].decode("utf-8") if index < len(starts) else ""


def _opens_options(data: bytes, starts: list[int], index: int) -> bool:
    """An option list opens right after EXPLAIN or ANALYZE, not inside the statement."""
    return index == 1 or _is_explain_word(data[starts[index - 1] :])


def _is_explain_word(token: bytes) -> bool:
    word, rest = token[:7].upper(), token[7:8]
    return word in _EXPLAIN_WORDS and not (rest.isalnum() or rest == b"_")


def run_query(path: Path, sql: str) -> pd.DataFrame:
    """Run the read statements of `sql`; the result of the last one, within the time limit."""
    with connect_read_only(path) as con:
        statements = read_statements(con, sql)
        with time_limited(con, "vision query"):
            result = None
            for statement in statements:
                result = con.execute(statement)
            assert result is not None
            return result_frame(result)


def result_frame(result: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The result's rows as Python values (not pandas' conversion, which turns a HUGEINT
    or DECIMAL(38) into a rounded float and a list with a NULL into a masked array), with
    DuckDB's column types in `frame.attrs`."""
    names = [d[0] for d in result.description]
    types = [str(d[1]) for d in result.description]
    frame = pd.DataFrame(result.fetchall(), columns=pd.Index(names, dtype=object), dtype=object)
    frame.attrs[DUCKDB_TYPES] = types
    return frame


def _snippet(sql: str, limit: int = 60) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """The rows as csv, json or an aligned table; every value as DuckDB holds it (a
    HUGEINT or DECIMAL(38) to its last digit, a BLOB as DuckDB prints it, lists whole)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([str(c) for c in frame.columns])
        writer.writerows([_csv_value(v) for v in row] for row in _rows(frame))
        return buffer.getvalue()
    if fmt == "json":
        records = [
            {str(c): _json_value(v) for c, v in zip(frame.columns, row, strict=True)}
            for row in _rows(frame)
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    return frame_table(frame)


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return list(frame.itertuples(index=False, name=None))


def _is_null(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    )


def blob_text(value: bytes | bytearray) -> str:
    """A BLOB as DuckDB prints it: printable ASCII as is, other bytes as \\xNN."""
    return "".join(
        chr(b) if 32 <= b < 127 and b != ord("\\") else f"\\x{b:02X}" for b in bytes(value)
    )


def _scalar_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, bytes | bytearray):
        return blob_text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_nested_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def _nested_text(value: object) -> str:
    """An element inside a list or struct: NULL spelled out, a list in brackets."""
    if _is_null(value):
        return "NULL"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_nested_text(v) for v in value) + "]"
    return _scalar_text(value)


def _cell_text(value: object) -> str:
    """A value as a person reads it: NULL/NaN blank, a list's items joined with 、 (a NULL
    item as NULL, a nested list in brackets), floats short, big numbers exact."""
    if _is_null(value):
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_nested_text(v) for v in value)
    return _scalar_text(value)


def _csv_value(value: object) -> object:
    if _is_null(value):
        return ""
    if isinstance(value, list | tuple):
        return _nested_text(value)
    return value if isinstance(value, int | float | str) else _scalar_text(value)


def _json_value(value: object) -> object:
    """A value JSON can carry exactly: a DECIMAL as a number when a float holds it, else
    as text; a BLOB as DuckDB's text; dates in ISO form."""
    if _is_null(value):
        return None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value) if decimal.Decimal(repr(float(value))) == value else str(value)
    if isinstance(value, bytes | bytearray):
        return blob_text(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _is_numeric(duckdb_type: str | None, values: pd.Series) -> bool:
    """Right-aligned: a number column, by its DuckDB type when known."""
    if duckdb_type is not None:
        return duckdb_type in NUMERIC_TYPES or duckdb_type.startswith("DECIMAL")
    return pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
        values.dtype
    )


def frame_table(frame: pd.DataFrame) -> str:
    """Rows as an aligned text table; rich measures East Asian wide characters as two
    columns, so Japanese text stays aligned (pandas' to_string does not)."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    types = frame.attrs.get(DUCKDB_TYPES) or [None] * len(frame.columns)
    for index, column in enumerate(frame.columns):
        numeric = _is_numeric(types[index], frame.iloc[:, index])
        table.add_column(str(column), justify="right" if numeric else "left", no_wrap=True)
    for row in _rows(frame):
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
    with _refusing_file_access(name):
        frame = con.table(name).df()  # the name never goes into SQL text
    return Relation(
        name,
        frame,
        types={c: t for c, t, _ in columns},
        comments={c: comment for c, _, comment in columns},
    )


@contextmanager
def _refusing_file_access(name: str) -> Iterator[None]:
    try:
        yield
    except duckdb.PermissionException as exc:
        raise ForeignRelation(
            f"{name} reads files outside the warehouse ({_first_line(exc)}); vision did not "
            "make it: run `vision refresh` (it rebuilds the views), then export again"
        ) from exc


def export_warehouse(path: Path, out_dir: Path, fmt: str, lang: str = "ja") -> list[Path]:
    """Write every table and view to `out_dir`: one CSV (UTF-8 with BOM, so Excel reads
    the Japanese correctly) or Parquet file per relation, or one .xlsx with a sheet each.
    CSV and Excel are for people (labels in `lang`, lists joined, codes as text; see
    `warehouse.exports`); Parquet keeps the machine names and native types for tools.

    Each file is written beside its name and renamed over it (a symlink there is replaced,
    never followed). DuckDB writes the Parquet files into a private folder made for this
    export, the only place the locked-down connection may write."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _export_parquet(path, out_dir)
    written: list[Path] = []
    with connect_read_only(path) as con, time_limited(con, f"vision export ({path})"):
        relations = exportable_relations(con)
        if fmt == "xlsx":
            target = out_dir / f"{path.stem}.xlsx"
            ordered = [_relation(con, name) for name in reading_order(relations)]
            return [write_xlsx(ordered, target, lang)]
        for name in relations:
            written.append(write_csv(_relation(con, name), out_dir / f"{name}.csv", lang))
    return written


def _export_parquet(path: Path, out_dir: Path) -> list[Path]:
    private = Path(tempfile.mkdtemp(prefix=".vision-export-", dir=out_dir))
    written: list[Path] = []
    try:
        with (
            connect_read_only(path, writable_dir=private) as con,
            time_limited(con, f"vision export ({path})"),
        ):
            for name in exportable_relations(con):
                staged = private / f"{len(written)}.parquet"
                # The relation and the path never go into SQL text: quotes, spaces and
                # Japanese in either are safe (con.table takes the name as it is).
                with _refusing_file_access(name):
                    con.table(name).write_parquet(str(staged))
                written.append(out_dir / f"{name}.parquet")
                os.replace(staged, written[-1])
    finally:
        shutil.rmtree(private, ignore_errors=True)
    return written
