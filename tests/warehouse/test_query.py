import json

import duckdb
import pandas as pd
import pytest

from tests.warehouse.test_load import document, findings
from warehouse.load import load_revision
from warehouse.query import (
    QueryRefused,
    WarehouseMissing,
    export_warehouse,
    format_frame,
    run_query,
)


@pytest.fixture
def warehouse(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    return target


def test_query_reads_views_and_formats_json_with_japanese_intact(warehouse):
    frame = run_query(warehouse, "SELECT name FROM municipality WHERE code = '06201'")
    assert json.loads(format_frame(frame, "json")) == [{"name": "山形市"}]
    assert format_frame(frame, "csv").splitlines() == ["name", "山形市"]


def test_query_without_a_warehouse_says_to_refresh(tmp_path):
    with pytest.raises(WarehouseMissing, match="vision refresh"):
        run_query(tmp_path / "absent.duckdb", "SELECT 1")


def test_csv_export_has_a_bom_so_excel_reads_japanese(warehouse, tmp_path):
    written = export_warehouse(warehouse, tmp_path / "out", "csv")
    municipality = tmp_path / "out" / "municipality.csv"
    assert municipality in written
    raw = municipality.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "大石田町" in raw.decode("utf-8-sig")
    assert (tmp_path / "out" / "document_findings.csv").exists()  # views are exported too


def test_parquet_and_xlsx_exports_round_trip(warehouse, tmp_path):
    export_warehouse(warehouse, tmp_path / "pq", "parquet")
    parquet = tmp_path / "pq" / "municipality.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchone()[0] == 14
    [xlsx] = export_warehouse(warehouse, tmp_path / "xl", "xlsx")
    assert len(pd.read_excel(xlsx, sheet_name="市町")) == 14


def test_table_output_aligns_japanese_text_by_display_width():
    """Wide characters take two columns: every row's second column starts at the same
    display position, NULL prints blank and lists are joined with 、."""
    from rich.cells import cell_len

    frame = pd.DataFrame(
        {
            "name": ["山形市", "大石田町", "x"],
            "code": ["06201", "06341", None],
            "pages": [[33, 56], [8], None],
        }
    )
    lines = format_frame(frame, "table").splitlines()
    body = [line for line in lines if "0634" in line or "0620" in line or line.startswith("x")]
    starts = {cell_len(line[: line.index("06")]) for line in body if "06" in line}
    assert len(starts) == 1, lines
    assert "33、56" in lines[2] and "None" not in "".join(lines) and "nan" not in "".join(lines)


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("COPY (SELECT 'gone' x) TO '{warehouse}' (FORMAT csv)", "refused: COPY"),
        ("ATTACH '{warehouse}' AS again", "refused: ATTACH"),
        ("INSTALL httpfs", "refused: LOAD"),
        ("EXPORT DATABASE '{tmp}/dump'", "refused: EXPORT"),
        ("SELECT 1; CREATE TEMP TABLE t AS SELECT 1", "refused: CREATE"),
        ("SET enable_external_access = true", "refused: SET"),
        ("", "no SQL given"),
        ("  -- only a comment", "no SQL given"),
        ("SELEC 1", "SQL syntax error"),
    ],
)
def test_query_refuses_anything_but_a_read_and_leaves_the_warehouse_as_it_was(
    warehouse, tmp_path, sql, refusal
):
    before = warehouse.read_bytes()
    with pytest.raises(QueryRefused, match=refusal):
        run_query(warehouse, sql.format(warehouse=warehouse, tmp=tmp_path))
    assert warehouse.read_bytes() == before
    assert not (tmp_path / "dump").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('{csv}')",
        "SELECT * FROM '{csv}'",
        "SELECT * FROM read_csv('{csv}')",
    ],
)
def test_a_read_statement_cannot_reach_files_outside_the_warehouse(warehouse, tmp_path, sql):
    csv = tmp_path / "secret.csv"
    csv.write_text("a\n1\n")
    with pytest.raises(duckdb.PermissionException):
        run_query(warehouse, sql.format(warehouse=warehouse, csv=csv))


def test_query_runs_reads_of_every_kind_and_returns_the_last_result(warehouse):
    assert run_query(warehouse, "DESCRIBE municipality")["column_name"].iloc[0] == "code"
    assert len(run_query(warehouse, "SELECT 1 AS a; FROM municipality")) == 14
    assert "physical_plan" in set(run_query(warehouse, "EXPLAIN SELECT 1")["explain_key"])


def test_parquet_export_takes_paths_with_quotes_spaces_and_japanese(warehouse, tmp_path):
    out = tmp_path / "it's a 出力 dir"
    written = export_warehouse(warehouse, out, "parquet")
    assert {p.parent for p in written} == {out}
    parquet = out / "municipality.parquet"
    assert duckdb.read_parquet(str(parquet)).count("*").fetchone()[0] == 14
