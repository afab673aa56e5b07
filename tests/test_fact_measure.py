"""Issue 20, a warehouse by shape: fact_measure of the shipped vision holds every number of
every data table the ground truth prints (shared/vision/ground_truth_tables.json), at its
row and column, under the column label its header prints, with the municipality its row or
its column names and the year its header or caption prints.

Expected values are read from the ground truth's grid (tests/fixtures/ground_truth_numbers)
and the profile's members, never from the warehouse.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from sources.japanese_text import parse_number
from sources.profile import PLACES_IN_TEXT_LAYOUT, current_profile
from tests.fixtures.ground_truth_numbers import (
    assert_every_list_item_is_loaded,
    assert_every_number_is_a_measure,
    extracted_ids,
    header_labels,
    measure_rows,
    printed_items,
    printed_numbers,
    prints_names,
)


@pytest.fixture(scope="module")
def truth(ground_truth) -> list[dict[str, Any]]:
    return ground_truth


def _table(truth, caption_part: str) -> dict[str, Any]:
    return next(t for t in truth if t["kind"] == "data" and caption_part in t["caption"])


def test_every_number_of_every_data_table_is_a_measure(refreshed, truth):
    compared = assert_every_number_is_a_measure(refreshed.warehouse, truth)
    data_tables = [t for t in truth if t["kind"] == "data"]
    assert compared == sum(len(printed_numbers(t)) for t in data_tables) > 0
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        (loaded,) = con.execute("SELECT count(*) FROM fact_measure").fetchone()
    assert loaded == compared


def test_a_marker_stays_null_with_its_text(refreshed, truth):
    markers = {
        (t["id"], p): text
        for t in truth
        if t["kind"] == "data"
        for p, text in printed_numbers(t).items()
        if parse_number(text).value is None
    }
    assert markers, "the shipped data tables print markers (— in the KPI tables, - for none)"
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT value, marker, value_text FROM fact_measure WHERE marker IS NOT NULL"
        ).fetchall()
    assert len(rows) == len(markers)
    assert all(value is None and marker == text.strip() for value, marker, text in rows)


def test_municipalities_from_the_rows_and_from_the_columns(refreshed, truth):
    codes = {m.name: m.code for m in current_profile().region.municipalities}
    ids = extracted_ids(refreshed.warehouse, truth)
    # Members down the first column: the population table.
    down = _table(truth, "人口と将来推計人口")
    rows = measure_rows(refreshed.warehouse, ids[down["id"]])
    named = {r: row[0] for r, row in enumerate(down["rows"]) if row[0] in codes}
    assert named
    for (r, _), row in rows.items():
        if r in named:
            assert (row["municipality_code"], row["area_axis"], row["row_kind"]) == (
                codes[named[r]],
                "row",
                "municipality",
            )
    # Members across the header: the students by residence (住所別).
    # Printed in two parts, each under its own header row of members.
    across = _table(truth, "生徒数")
    labels = header_labels(across)
    rows = measure_rows(refreshed.warehouse, ids[across["id"]])
    found = set()
    for (r, c), row in rows.items():
        name = labels[r][c].split("/")[-1]
        if name in codes:
            assert (row["municipality_code"], row["area_axis"]) == (codes[name], "column")
            assert row["measure"] == across["rows"][r][0]
            found.add(name)
    assert found == set(codes)


def test_the_period_is_the_western_year_of_the_header_or_the_caption(refreshed, truth):
    ids = extracted_ids(refreshed.warehouse, truth)
    # The population table's header prints 2020年 (令和2年) and 2030年 … 2050年.
    population = _table(truth, "人口と将来推計人口")
    years = {
        c: int(text[:4])
        for c, text in enumerate(population["rows"][population["header_rows"] - 1])
        if text[:4].isdigit()
    }
    rows = measure_rows(refreshed.warehouse, ids[population["id"]])
    assert {(c, row["period_year"], row["is_fiscal_year"]) for (_, c), row in rows.items()} == {
        (c, year, False) for c, year in years.items()
    }
    # The hospital's usage prints its year only in the caption, in 和暦: 令和5年度.
    usage = _table(truth, "病院済生館の利用状況")
    assert "令和5年度" in usage["caption"]
    rows = measure_rows(refreshed.warehouse, ids[usage["id"]])
    assert {(row["period_year"], row["is_fiscal_year"]) for row in rows.values()} == {
        (2018 + 5, True)
    }


def test_a_table_the_profile_declares_carries_its_key(refreshed, truth):
    ids = extracted_ids(refreshed.warehouse, truth)
    declared = {spec.name: spec.key for spec in current_profile().tables if spec.kind == "data"}
    checked = 0
    for table in (t for t in truth if t["kind"] == "data" and t["caption"] in declared):
        keys = {
            row["table_key"] for row in measure_rows(refreshed.warehouse, ids[table["id"]]).values()
        }
        assert keys <= {declared[table["caption"]]}, table["caption"]
        checked += bool(keys)
    assert checked >= 10


def test_every_item_of_every_table_that_prints_names_is_a_list_item(refreshed, truth):
    in_text = {
        spec.key
        for spec in current_profile().tables
        if spec.options.get("layout") == PLACES_IN_TEXT_LAYOUT
    }
    compared = assert_every_list_item_is_loaded(refreshed.warehouse, truth, in_text)
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        (loaded,) = con.execute("SELECT count(*) FROM fact_list_item").fetchone()
        (markers,) = con.execute(
            "SELECT count(*) FROM fact_list_item WHERE marker IS NOT NULL AND name IS NULL"
        ).fetchone()
        kinds = {
            k
            for (k,) in con.execute(
                "SELECT DISTINCT table_kind FROM table_cell "
                "WHERE table_id IN (SELECT table_id FROM fact_list_item)"
            ).fetchall()
        }
    assert loaded == compared > 0
    # lists, blocks per municipality and data tables that print no number
    assert kinds == {"list", "school", "data"}
    assert markers == sum(
        items == [None] for t in truth if prints_names(t) for items in printed_items(t).values()
    )


def test_a_list_items_municipality_is_the_one_its_row_names(refreshed, truth):
    """The row label's member; else the member its column's 【title】 names; else the one
    another cell of its row names (所在地) or the `市町名：` its group follows."""
    codes = {m.name: m.code for m in current_profile().region.municipalities}
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT i.row_label, i.municipality_code, i.municipality_name_printed, "
            "list(trim(c.text)) FROM fact_list_item AS i JOIN table_cell AS c "
            "ON c.table_id = i.table_id AND (c.row_index = i.row_index OR c.is_header) "
            "GROUP BY ALL"
        ).fetchall()
    by_label = [(label, code) for label, code, _, _ in rows if label in codes]
    assert by_label and all(code == codes[label] for label, code in by_label)
    elsewhere = [r for r in rows if r[0] not in codes and r[1] is not None]
    assert elsewhere
    for _, code, printed, texts in elsewhere:
        assert code == codes[printed]
        assert (
            printed in texts or f"【{printed}】" in texts or any(f"{printed}：" in t for t in texts)
        ), (printed, texts)
