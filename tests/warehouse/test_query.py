import json

import duckdb
import pandas as pd
import pytest

from tests.warehouse.test_load import document, findings
from warehouse.load import load_revision
from warehouse.query import WarehouseMissing, export_warehouse, format_frame, run_query


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
