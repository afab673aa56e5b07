"""Exports read back as a person's tools read them: the xlsx with openpyxl, the CSV with the
csv module, the Parquet with DuckDB; expected values come from the warehouse itself."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from warehouse.docs import schema_connection
from warehouse.exports import LIST_SEPARATOR, Relation, write_xlsx
from warehouse.labels import column_labels, relation_label, value_label
from warehouse.query import export_warehouse


@pytest.fixture(scope="module")
def xlsx(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    [written] = export_warehouse(warehouse_path, tmp_path_factory.mktemp("xlsx"), "xlsx")
    return written


@pytest.fixture(scope="module")
def csv_dir(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    export_warehouse(warehouse_path, out, "csv")
    return out


def _expected_variant_pages(warehouse_path: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        got = con.execute("SELECT printed_name, pages FROM municipality_name_variant").fetchall()
    return {name: LIST_SEPARATOR.join(map(str, pages)) for name, pages in got}


def test_xlsx_has_japanese_sheets_and_headers_a_frozen_header_and_a_filter(xlsx: Path) -> None:
    book = openpyxl.load_workbook(xlsx)
    assert {"市町", "市町別人口", "文書の指摘"} <= set(book.sheetnames)
    sheet = book["市町別人口"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["市町コード", "市町名", "市町名（掲載どおり）", "年"]
    assert header[-1] == "版ID"  # the 64-digit id last, out of the reader's way
    assert all(h and not h.isascii() for h in header), header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
    # widths fitted to the text: the caption column is wider than the year column
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["表題"] > widths["年"] >= 6


def test_xlsx_keeps_codes_and_years_as_text_and_joins_lists(
    xlsx: Path, warehouse_path: Path
) -> None:
    book = openpyxl.load_workbook(xlsx)
    sheet = book["市町別人口"]
    header = [c.value for c in sheet[1]]
    first = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert first["市町コード"].value == "06201" and first["市町コード"].data_type == "s"
    assert first["市町コード"].number_format == "@"
    assert first["年"].value == "2020" and first["年"].data_type == "s"
    assert first["掲載箇所"].value == "2(1)ア、2(3)"
    variants = book["市町名の表記揺れ"]
    header = [c.value for c in variants[1]]
    got = {
        r[header.index("掲載名")]: r[header.index("掲載ページ")]
        for r in variants.iter_rows(min_row=2, values_only=True)
    }
    assert got == _expected_variant_pages(warehouse_path)
    assert any(LIST_SEPARATOR in pages for pages in got.values())


def test_csv_quotes_codes_and_joins_lists(csv_dir: Path, warehouse_path: Path) -> None:
    raw = (csv_dir / "population_by_municipality.csv").read_text(encoding="utf-8-sig")
    assert '"06201"' in raw
    with (csv_dir / "population_by_municipality.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["市町コード"] == "06201"
    assert {r["市町コード"] for r in rows} >= {"06201", "06341"}
    with (csv_dir / "municipality_name_variant.csv").open(encoding="utf-8-sig") as handle:
        got = {r["掲載名"]: r["掲載ページ"] for r in csv.DictReader(handle)}
    assert got == _expected_variant_pages(warehouse_path)
    assert not any(v.startswith("[") for v in got.values())


def test_no_people_export_starts_with_a_hash(
    csv_dir: Path, xlsx: Path, warehouse_path: Path
) -> None:
    """Issue 22: every CSV started with a 64-hex 版ID column. The hashes come last, in CSV
    and Excel alike, and are still there for joining."""
    import re

    hexes = re.compile(r"[0-9a-f]{64}")
    with_hashes = 0
    for path in sorted(csv_dir.glob("*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            first = next(reader, None)
        if first is None:
            continue
        hashed = [i for i, v in enumerate(first) if hexes.fullmatch(v)]
        if hashed:
            with_hashes += 1
            # from the first hash on, only hashes (or an empty one: a workbook's sha256)
            tail = first[hashed[0] :]
            assert all(hexes.fullmatch(v) or v == "" for v in tail), path.name
            assert hashed[0] > 0, path.name
    assert with_hashes >= 10  # the facts and views carry revision_id
    book = openpyxl.load_workbook(xlsx, read_only=True)
    sheet = book[relation_label("population_by_municipality", "ja")]
    header, first = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert header[-1] == column_labels(["revision_id"], "ja")[0]
    assert hexes.fullmatch(str(first[-1]))
    assert not hexes.fullmatch(str(first[0]))


def test_parquet_keeps_native_types_and_machine_names(warehouse_path: Path, tmp_path: Path) -> None:
    export_warehouse(warehouse_path, tmp_path, "parquet")
    got = duckdb.sql(
        f"SELECT pages, municipality_code FROM '{tmp_path / 'municipality_name_variant.parquet'}'"
    )
    assert got.types[0].id == "list"
    assert all(isinstance(pages, list) for pages, _ in got.fetchall())


def test_lang_en_keeps_machine_names(warehouse_path: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        frame = con.execute("SELECT * FROM municipality").df()
    relation = Relation("municipality", frame, {"code": "VARCHAR"}, {})
    book = openpyxl.load_workbook(write_xlsx([relation], tmp_path / "en.xlsx", lang="en"))
    assert book.sheetnames == ["municipality"]
    assert [c.value for c in book["municipality"][1]] == list(frame.columns)
    assert book["municipality"]["A2"].value == "06201"


def test_every_relation_and_column_of_the_schema_has_a_japanese_label() -> None:
    con = schema_connection()
    relations = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal "
        "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
    ).fetchall()
    for (relation,) in relations:
        assert relation_label(relation) != relation, relation
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [relation],
            ).fetchall()
        ]
        labels = column_labels(columns)
        assert len(set(labels)) == len(labels), relation
        assert all(not label.isascii() for label in labels), (relation, labels)


# Coded columns with a closed set of values (declared in their COMMENTs) that staff read in
# the KPI progress and the editions: (relation, column).
CODED_COLUMNS = [
    ("kpi_progress_by_year", "direction"),
    ("kpi_progress_by_year", "actual_origin"),
    ("kpi_progress", "direction"),
    ("kpi_progress", "actual_origin"),
    ("source_document", "dated_by"),
    ("latest_revision", "dated_by"),
]


@pytest.mark.parametrize(("relation", "column"), CODED_COLUMNS)
def test_coded_values_people_read_are_words_in_the_csv(
    csv_dir: Path, warehouse_path: Path, relation: str, column: str
) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        codes = {
            r[0]
            for r in con.execute(
                f'SELECT DISTINCT "{column}" FROM {relation} WHERE "{column}" IS NOT NULL'
            ).fetchall()
        }
    assert codes, (relation, column)  # the refreshed warehouse has some to show
    with (csv_dir / f"{relation}.csv").open(encoding="utf-8-sig", newline="") as handle:
        [header, *rows] = list(csv.reader(handle))
    at = header.index(column_labels([column])[0])
    shown = {row[at] for row in rows if row[at]}
    assert shown == {value_label(column, code) for code in codes}
    assert all(not word.isascii() for word in shown), shown
