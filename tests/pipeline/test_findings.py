"""The findings asset: every rule runs once per refresh, and what the warehouse stores is
exactly what the rules' plain functions find on the same document and statistics."""

import math
import re
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

import pipeline.defs.vision.findings as findings_module
from expectations.document_text import DOCUMENT_TEXT
from expectations.families import FAMILIES
from expectations.findings import FINDING_FIELDS
from expectations.registry import rules, run_checks
from pipeline.definitions import build_definitions
from pipeline.defs.statistics.assets import LOADED_DATASETS
from pipeline.refresh import run_refresh
from sources.govstats.fetch import fetch_or_snapshot
from sources.vision_pdf import file_sha256
from sources.vision_text_pdf import text_frame
from warehouse.load import apply_migrations
from warehouse.normalize import build_all_frames
from warehouse.official import official_frames, official_release

FINDINGS = dg.AssetKey(["vision", "findings"])


def _plain(value: object) -> object:
    """A cell as a comparable Python value (DuckDB and pandas spell "none" differently)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _sorted_rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    rows = [tuple(_plain(v) for v in row) for row in frame[columns].itertuples(index=False)]
    return sorted(rows, key=repr)


def _table(warehouse: Path, table: str, revision_id: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table} WHERE revision_id = ?", [revision_id]).df()


def test_every_check_is_on_the_findings_asset_which_the_warehouse_reads():
    graph = build_definitions().get_repository_def().asset_graph
    checks = {key.name: key.asset_key for key in graph.asset_check_keys}
    assert checks == {rule.check_id: FINDINGS for rule in rules()}
    assert graph.get_check_spec(next(iter(graph.asset_check_keys))).blocking
    # Blocking checks of an input hold back the warehouse when one fails with ERROR.
    assert FINDINGS in graph.get(dg.AssetKey(["warehouse", "vision"])).parent_keys


@pytest.fixture
def direct_outcomes(vision_pdf, vision_extraction, monkeypatch):
    """The rules run as plain functions on the shipped PDF and the statistics snapshots:
    the inputs the warehouse asset used to run them on itself."""
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    frames = build_all_frames(vision_extraction.tables, file_sha256(vision_pdf))
    frames[DOCUMENT_TEXT] = text_frame(vision_extraction.text)
    releases = [official_release(d, *fetch_or_snapshot(d)) for d in LOADED_DATASETS]
    return run_checks(frames | official_frames(releases))


def test_the_warehouse_stores_the_findings_the_rules_give_run_directly(
    refreshed, vision_pdf, direct_outcomes
):
    revision_id = file_sha256(vision_pdf)
    stored = _table(refreshed.warehouse, "finding", revision_id)
    expected = pd.DataFrame([f.to_dict() for o in direct_outcomes for f in o.findings])
    assert len(expected) > 0  # the shipped PDF has findings: the comparison compares rows
    columns = list(expected.columns)
    assert _sorted_rows(stored, columns) == _sorted_rows(expected, columns)


def test_the_warehouse_stores_each_rules_outcome_as_the_rule_gave_it(
    refreshed, vision_pdf, direct_outcomes
):
    stored = _table(refreshed.warehouse, "check_result", file_sha256(vision_pdf))
    expected = pd.DataFrame(
        [
            {
                "check_id": o.check_id,
                "family": o.family,
                "status": "data_error"
                if o.data_errors
                else ("findings" if o.findings else "passed"),
                "compared": o.compared,
                "findings": len(o.findings),
                "skipped": o.skipped,
                "data_errors": "\n".join(o.data_errors) or None,
                "notes": "\n".join(o.notes) or None,
            }
            for o in direct_outcomes
        ]
    )
    assert len(expected) == len(rules())
    columns = list(expected.columns)
    assert _sorted_rows(stored, columns) == _sorted_rows(expected, columns)


def test_a_rule_with_a_data_error_still_keeps_the_warehouse_from_being_rebuilt(
    tmp_path, vision_pdf, monkeypatch
):
    """The rules no longer run in the check steps, yet a data error found by the findings
    asset fails that rule's blocking check with ERROR and the warehouse is not written;
    the other rules' findings (WARN) do not block it (the shipped PDF loads: `refreshed`)."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    broken = rules()[0].check_id

    def with_a_data_error(frames):
        outcomes = run_checks(frames)
        return [
            replace(o, data_errors=["no rows in fact_population"]) if o.check_id == broken else o
            for o in outcomes
        ]

    monkeypatch.setattr(findings_module, "run_checks", with_a_data_error)
    warehouse = tmp_path / "vision.duckdb"
    summary = run_refresh(vision_pdf, warehouse)
    assert not summary.success
    assert [c.name for c in summary.checks if c.severity == "ERROR" and not c.passed] == [broken]
    assert any(c.severity == "WARN" and not c.passed for c in summary.checks)
    assert f"check {broken}: no rows in fact_population" in summary.errors
    assert not warehouse.exists()


def test_the_finding_table_stores_a_findings_fields_under_its_revision():
    """The warehouse declares its `finding` table itself (it knows nothing of the rules);
    its columns are a Finding's fields, in order, after the revision."""
    with duckdb.connect() as con:
        apply_migrations(con)
        columns = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'finding' "
            "ORDER BY column_index"
        ).fetchall()
    assert [c for (c,) in columns] == ["revision_id", *FINDING_FIELDS]


def test_the_warehouse_documents_the_listed_families():
    with duckdb.connect() as con:
        apply_migrations(con)
        [(comment,)] = con.execute(
            "SELECT comment FROM duckdb_columns() "
            "WHERE table_name = 'check_result' AND column_name = 'family'"
        ).fetchall()
    assert re.findall(r"\b[a-z_]+\b(?=[,.])", comment) == list(FAMILIES)


def test_a_check_that_compared_nothing_says_so_and_why_in_the_ui() -> None:
    from expectations.findings import CheckOutcome
    from pipeline.defs.vision.checks import result_description

    nothing = CheckOutcome("grid_totals", "row_sums", 0, [], notes=["合計の行が宣言されていない"])
    assert result_description(nothing, 0, 0) == "照合していない（合計の行が宣言されていない）"
    some = CheckOutcome("grid_totals", "row_sums", 12, [])
    assert result_description(some, 0, 0) == "指摘なし（比較 12 件）"
