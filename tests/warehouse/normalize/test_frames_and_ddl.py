"""build_all_frames as a whole, and 0002_facts.sql: every frame column declared and commented."""

from __future__ import annotations

import time

import duckdb
import pandas as pd
import pytest

from sources.tables import ExtractedTable
from warehouse.load import apply_migrations
from warehouse.normalize import FRAME_SCHEMAS, build_all_frames

from .conftest import SHA

PROVENANCE = ["revision_id", "table_id", "caption", "page"]


@pytest.fixture(scope="module")
def ddl() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_migrations(con)
    return con


def test_every_frame_is_built(frames: dict[str, pd.DataFrame]) -> None:
    assert list(frames) == list(FRAME_SCHEMAS)
    for name, frame in frames.items():
        assert len(frame), name
        assert list(frame.columns) == [c for c, _ in FRAME_SCHEMAS[name]]
        assert frame[PROVENANCE].notna().all().all(), name
        assert set(frame.revision_id) == {SHA}


def test_ddl_declares_and_comments_every_column(ddl: duckdb.DuckDBPyConnection) -> None:
    for name, schema in FRAME_SCHEMAS.items():
        rows = ddl.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [name]
        ).fetchall()
        declared = {column: comment for column, comment in rows}
        assert set(declared) == {c for c, _ in schema}, name
        assert all(comment for comment in declared.values()), name
        (table_comment,) = ddl.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [name]
        ).fetchone()
        assert table_comment, name


def test_frames_load_into_the_ddl(
    ddl: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]
) -> None:
    for name, frame in frames.items():
        cols = ", ".join(frame.columns)
        ddl.register("frame", frame)
        ddl.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM frame")
        ddl.unregister("frame")
        (count,) = ddl.execute(f"SELECT count(*) FROM {name}").fetchone()
        assert count == len(frame), name
    (amount,) = ddl.execute("SELECT value FROM fact_project_budget WHERE is_total").fetchone()
    assert amount == 243304


def test_build_is_fast(gt_tables: list[ExtractedTable]) -> None:
    start = time.perf_counter()
    build_all_frames(gt_tables, SHA)
    assert time.perf_counter() - start < 5
