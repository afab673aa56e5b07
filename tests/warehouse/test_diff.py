"""`vision diff` lists exactly the changes planted in a later edition, one row each.

The editions are made from the shipped PDF (tests/fixtures/editions.py): the earlier one
has a cover with only its 策定 date, the later one the 改訂 line, two budgets, a KPI target
printed in §3(1) and §4, a ★ taken off a card and off the §4 list, and a renamed project.
They are loaded in both orders: the diff, and which edition is the latest, must not depend
on the order.
"""

import copy
from dataclasses import replace

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from sources.tables import ExtractedTable
from tests.fixtures.editions import PLANTED_CHANGES
from tests.fixtures.loading import load_editions
from warehouse.cells import table_cells
from warehouse.diff import (
    RevisionNotFound,
    WarehouseOutdated,
    diff_revisions,
    last_two_revisions,
    previous_revision,
)
from warehouse.load import DocumentRecord, load_revision
from warehouse.normalize import build_all_frames


@pytest.fixture(scope="module", params=["older first", "newer first"])
def loaded(request, planted_editions, tmp_path_factory):
    """(connection, earlier revision, later revision), loaded in the order of the param."""
    earlier, later = planted_editions
    order = [earlier, later] if request.param == "older first" else [later, earlier]
    warehouse = tmp_path_factory.mktemp("diff") / "vision.duckdb"
    revisions = load_editions(warehouse, order)
    if request.param == "newer first":
        revisions.reverse()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con, revisions[0], revisions[1]


def test_the_diff_lists_exactly_the_planted_changes_one_row_each(loaded):
    con, earlier, later = loaded
    changes = [tuple(r.values()) for r in diff_revisions(con, earlier, later).records()]
    assert len(changes) == len(PLANTED_CHANGES)
    assert set(changes) == PLANTED_CHANGES


def test_without_arguments_the_two_newest_editions_are_compared_in_publication_order(loaded):
    con, earlier, later = loaded
    assert last_two_revisions(con) == (earlier, later)
    assert previous_revision(con, later) == earlier
    assert previous_revision(con, earlier) is None


def test_the_newer_edition_is_the_latest_whatever_the_load_order(loaded):
    con, _, later = loaded
    row = con.execute(
        "SELECT revision_id, revision_label, published, ordered_by FROM latest_revision"
    ).fetchone()
    assert row[0] == later
    assert row[1] == "令和8年2月20日 改訂"
    assert str(row[2]) == "2026-02-20"
    assert row[3] == "publication date"


def test_a_cover_with_only_an_adoption_date_dates_the_edition_by_it(loaded):
    con, earlier, _ = loaded
    row = con.execute(
        "SELECT adopted_on, revised_on, published, revision_label, dated_by "
        "FROM source_document WHERE revision_id = ?",
        [earlier],
    ).fetchone()
    assert [str(v) if v is not None else None for v in row] == [
        "2025-02-17",
        None,
        "2025-02-17",
        "令和7年2月17日 策定",
        "cover",
    ]


def test_the_editions_are_named_by_their_covers(loaded):
    con, earlier, later = loaded
    result = diff_revisions(con, earlier[:12], later[:12])
    assert result.old.full_name == f"令和7年2月17日 策定 ({earlier[:12]})"
    assert result.new.full_name == f"令和8年2月20日 改訂 ({later[:12]})"


def test_an_edition_compared_with_itself_has_no_differences(loaded):
    con, earlier, _ = loaded
    assert diff_revisions(con, earlier, earlier).is_empty


def test_an_unknown_revision_names_the_loaded_ones(loaded):
    con, earlier, later = loaded
    with pytest.raises(RevisionNotFound, match=earlier[:12]):
        diff_revisions(con, "ffff", later)


def test_a_warehouse_built_before_the_edition_columns_is_refused_in_one_line(warehouse_copy):
    """Migration 0008 undone (its columns dropped, its row forgotten): the diff names the
    pending migration and the refresh that applies it, not DuckDB's missing column."""
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute("DELETE FROM schema_migration WHERE name = '0008_edition.sql'")
        for column in ("adopted_on", "revised_on", "revision_number", "dated_by"):
            con.execute(f"ALTER TABLE source_document DROP COLUMN {column}")
        [revision] = con.execute("SELECT revision_id FROM source_document").fetchone()
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        with pytest.raises(WarehouseOutdated, match=r"0008_edition\.sql.*vision refresh"):
            diff_revisions(con, revision, revision)
        with pytest.raises(WarehouseOutdated):
            last_two_revisions(con)
    result = CliRunner().invoke(
        main, ["--lang", "en", "diff", revision, revision, "--warehouse", str(warehouse_copy)]
    )
    assert result.exit_code == 1
    assert "0008_edition.sql" in result.output and "Binder" not in result.output


# A project dropped and another added, and values in section 2, without re-extracting:
# the second edition is derived from the shipped PDF's extracted tables.
OLD, NEW = "a" * 64, "b" * 64


def _document(revision: str) -> DocumentRecord:
    return DocumentRecord(
        revision,
        "第2期 山形連携中枢都市圏ビジョン",
        None,
        None,
        None,
        None,
        "/tmp/vision.pdf",
        66,
    )


def _set_cell(table: ExtractedTable, row_label: str, col: int, old: str, new: str) -> None:
    [row] = [r for r in table.rows[table.header_rows :] if r[0] == row_label]
    assert row[col] == old, (table.caption, row_label, row[col])
    row[col] = new


def _second_edition(tables: list[ExtractedTable]) -> list[ExtractedTable]:
    edition = copy.deepcopy(tables)
    by_caption = {t.caption: t for t in edition}
    population = next(t for t in edition if "人口と将来推計人口" in t.caption)
    _set_cell(population, "合計", 4, "390,148", "390,000")
    projection = next(t for t in edition if t.caption.startswith("(3)") and len(t.rows) > 3)
    _set_cell(projection, "山形市", 1, "247,590", "247,591")
    commuting = by_caption["イ 山形市への通勤通学割合"]  # a municipality misprinted
    _set_cell(commuting, "寒河江市", 0, "寒河江市", "寒河江町")
    hospitals = by_caption["②拠点病院等の状況"]  # 区分 merged down over the 二次 rows
    [row] = [r for r in hospitals.rows if r[1] == "寒河江市"]
    row[2] = row[2] + "、新病院"
    kpis = next(t for t in edition if t.section.startswith("3") and "観光客数" in str(t.rows))
    for row in kpis.rows:
        row[:] = [c.replace("圏域の観光客数", "圏域の観光入込客数") for c in row]
    card44 = by_caption["連携事業【44】"]
    edition.remove(card44)
    card45 = replace(
        copy.deepcopy(card44),
        id="t999",
        caption="連携事業【45】",
        rows=[[c.replace("【44】", "【45】") for c in r] for r in card44.rows],
    )
    edition.append(card45)
    return edition


@pytest.fixture(scope="module")
def derived_editions(vision_extraction, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("derived") / "vision.duckdb"
    for revision, tables in (
        (OLD, vision_extraction.tables),
        (NEW, _second_edition(vision_extraction.tables)),
    ):
        frames = build_all_frames(tables, revision)
        load_revision(warehouse, _document(revision), frames)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con


def test_section_2_values_are_named_by_caption_row_and_column_and_a_project_is_one_row(
    derived_editions, vision_extraction
):
    """Column labels come from the header rows: the 寒河江市 row of 拠点病院等 sits in a
    block whose first row is data, and its column is still 医療機関名. A municipality's
    row is the municipality's, so a misprinted name is one change; a KPI renamed in place
    is one renamed row."""

    def by_caption_rows(caption):
        return next(t for t in vision_extraction.tables if t.caption == caption).rows

    [name] = derived_editions.execute(
        "SELECT project_name FROM dim_project WHERE revision_id = ? AND project_no = 44", [OLD]
    ).fetchone()
    [hospital] = [r[2] for r in by_caption_rows("②拠点病院等の状況") if r[1] == "寒河江市"]
    changes = diff_revisions(derived_editions, OLD, NEW).records()
    assert {(r["kind"], r["what"], r["old"], r["new"]) for r in changes} == {
        ("changed", "ア 人口と将来推計人口 合計 将来推計人口/2050年", "390,148", "390,000"),
        ("changed", "(3) 中長期的な将来の人口の目標 その2 山形市 2020年", "247,590", "247,591"),
        ("changed", "イ 山形市への通勤通学割合 寒河江町 市町名", "寒河江市", "寒河江町"),
        (
            "changed",
            "②拠点病院等の状況 二次 医療機関/寒河江市 医療機関名",
            hospital,
            hospital + "、新病院",
        ),
        (
            "renamed",
            "成果指標 ア 圏域の観光入込客数 指標名（単位・注記） (3(1))",
            "圏域の観光客数（人）",
            "圏域の観光入込客数（人）",
        ),
        ("removed", "連携事業【44】", name, None),
        ("added", "連携事業【45】", None, name),
    }


def test_a_table_printed_without_a_caption_is_named_in_words(tmp_path):
    """A rendering may give a table no caption: its changed cell is still a readable row
    (表題のない表 …), never a change whose `what` is empty."""

    def edition(value: str) -> list[ExtractedTable]:
        rows = [["区分", "値"], ["合計", value]]
        return [ExtractedTable("t001", "", "2 圏域の状況", "data", [3], 1, rows)]

    warehouse = tmp_path / "vision.duckdb"
    for revision, value in ((OLD, "1"), (NEW, "5")):
        load_revision(warehouse, _document(revision), {"table_cell": table_cells(edition(value))})
    with duckdb.connect(str(warehouse), read_only=True) as con:
        changes = diff_revisions(con, OLD, NEW).records()
    assert [(r["kind"], r["what"], r["old"], r["new"]) for r in changes] == [
        ("changed", "表題のない表 合計 値", "1", "5")
    ]
