"""build_all_frames as a whole: every declared frame is built and loads into the tables the
migrations create (tests/warehouse/test_schema.py checks the declaration against them)."""

from __future__ import annotations

import time

import duckdb
import pandas as pd
import pytest

from sources.tables import ExtractedTable
from warehouse.load import apply_migrations
from warehouse.normalize import FRAME_SCHEMAS, build_all_frames, make_frame
from warehouse.normalize.common import FrameError
from warehouse.subjects import CELLS, declared_subjects

from .conftest import SHA

PROVENANCE = ["revision_id", "table_id", "caption", "page"]


@pytest.fixture(scope="module")
def ddl() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_migrations(con)
    return con


def test_every_frame_is_built(frames: dict[str, pd.DataFrame]) -> None:
    """Each declared fact, the printed cells and each subject relation of the profile
    (warehouse.subjects), with its declared columns."""
    subjects = declared_subjects()
    assert list(frames) == [*FRAME_SCHEMAS, CELLS, *subjects]
    assert set(frames[CELLS].revision_id) == {SHA}
    for name, frame in frames.items():
        if name == CELLS:
            continue
        assert len(frame), name
        declared = FRAME_SCHEMAS.get(name) or [(c.name, c) for c in subjects[name].fact.columns]
        assert list(frame.columns) == [c for c, _ in declared]
        assert frame[PROVENANCE].notna().all().all(), name
        assert set(frame.revision_id) == {SHA}


def test_frames_load_into_the_ddl(
    ddl: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]
) -> None:
    for name, frame in frames.items():
        if name not in FRAME_SCHEMAS:
            continue  # a subject relation: a view over the facts
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


def test_a_number_that_does_not_fit_its_column_names_the_table_page_and_printed_text() -> None:
    """A budget printed with a decimal (`1,234.5` in 百万円) is no whole number: the fact's
    integer column refuses it naming where it is printed, not in pandas' words."""
    record = {name: None for name, _ in FRAME_SCHEMAS["fact_project_budget"]}
    record |= {"caption": "連携事業【3】", "page": 41, "project_no": 3, "fiscal_year": 2025}
    record |= {"value": 1234.5, "value_text": "1,234.5", "unit": "百万円", "is_total": False}
    fits = record | {"value": 1234, "value_text": "1,234"}
    assert make_frame("fact_project_budget", [fits])["value"].tolist() == [1234]
    with pytest.raises(FrameError) as refused:
        make_frame("fact_project_budget", [fits, record])
    assert refused.value.caption == "連携事業【3】"
    assert refused.value.detail == (
        "p.41: '1,234.5' is not a whole number (fact_project_budget.value)"
    )
