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
