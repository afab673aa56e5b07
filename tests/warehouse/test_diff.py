"""`vision diff` lists exactly the changes planted in a second edition.

The second edition is derived from the shipped PDF's extracted tables: three values
changed (a 合計, a municipality's census figure, a budget marker replaced by an amount),
project card 【44】 removed and a card 【45】 added. Both editions are loaded into one
warehouse the way a refresh loads them.
"""

import copy
from dataclasses import replace

import duckdb
import pytest

from sources.tables import ExtractedTable
from warehouse.cells import table_cells
from warehouse.diff import RevisionNotFound, diff_revisions, last_two_revisions
from warehouse.load import DocumentRecord, load_revision
from warehouse.normalize import build_all_frames

OLD, NEW = "a" * 64, "b" * 64


def _document(revision: str) -> DocumentRecord:
    return DocumentRecord(
        revision,
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
    card1 = by_caption["連携事業【1】"]
    budget = next(r for r in card1.rows if r[1].startswith("事業費見込"))
    assert budget[4] == "*"
    budget[4] = "600"
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
def two_editions(vision_extraction, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("diff") / "vision.duckdb"
    for revision, tables in (
        (OLD, vision_extraction.tables),
        (NEW, _second_edition(vision_extraction.tables)),
    ):
        frames = build_all_frames(tables, revision) | {"table_cell": table_cells(tables)}
        load_revision(warehouse, _document(revision), frames)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con


def test_the_diff_lists_exactly_the_planted_value_changes(two_editions):
    result = diff_revisions(two_editions, OLD[:12], NEW[:12])
    changes = {
        (r.caption, r.row_label, r.column_label, r.old, r.new) for r in result.changed.itertuples()
    }
    assert changes == {
        ("ア 人口と将来推計人口", "合計", "将来推計人口/2050年", "390,148", "390,000"),
        ("(3) 中長期的な将来の人口の目標", "山形市", "2020年", "247,590", "247,591"),
        (
            "連携事業【1】",
            "実施スケジュール 及び事業費見込/事業費見込(千円)",
            "2027年度 (令和9年度)",
            "*",
            "600",
        ),
    }
    assert set(result.changed["old_page"]) == {8, 17, 19}


def test_the_diff_lists_the_removed_and_added_project(two_editions):
    result = diff_revisions(two_editions, OLD, NEW)
    assert list(result.removed_tables["caption"]) == ["連携事業【44】"]
    assert list(result.added_tables["caption"]) == ["連携事業【45】"]
    assert list(result.removed_projects["project_no"]) == [44]
    assert list(result.added_projects["project_no"]) == [45]


def test_a_revision_compared_with_itself_has_no_differences(two_editions):
    assert diff_revisions(two_editions, OLD, OLD).is_empty


def test_without_arguments_the_two_latest_revisions_are_compared(two_editions):
    assert last_two_revisions(two_editions) == (OLD, NEW)


def test_an_unknown_revision_names_the_loaded_ones(two_editions):
    with pytest.raises(RevisionNotFound, match="aaaaaaaaaaaa"):
        diff_revisions(two_editions, "ffff", NEW)
