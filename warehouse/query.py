"""Read-only access for analysts: run SQL, export tables and views."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
# Excel caps a sheet at 31 characters of name.
XLSX_SHEET_NAME_MAX = 31


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
    return frame.to_string(index=False)


def exportable_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view in the main schema, in name order."""
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
    ]


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: write timestamps as naive UTC."""
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def export_warehouse(path: Path, out_dir: Path, fmt: str) -> list[Path]:
    """Write every table and view to `out_dir`: one CSV (UTF-8 with BOM, so Excel reads
    the Japanese correctly) or Parquet file per relation, or one .xlsx with a sheet each."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with connect_read_only(path) as con:
        relations = exportable_relations(con)
        if fmt == "xlsx":
            target = out_dir / f"{path.stem}.xlsx"
            with pd.ExcelWriter(target) as writer:
                for name in relations:
                    frame = _excel_safe(con.execute(f'SELECT * FROM "{name}"').df())
                    frame.to_excel(writer, sheet_name=name[:XLSX_SHEET_NAME_MAX], index=False)
            return [target]
        for name in relations:
            target = out_dir / f"{name}.{fmt}"
            if fmt == "csv":
                con.execute(f'SELECT * FROM "{name}"').df().to_csv(
                    target, index=False, encoding="utf-8-sig"
                )
            else:
                con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' (FORMAT parquet)")
            written.append(target)
    return written
