"""fact_list_item reads every table that prints names, not numbers, by its shape alone:
tables typeset here (synthetic ExtractedTables with the run's members' names), never the
shipped document's. The subject relations over it (fact_facility_list,
fact_financial_institution of the shipped profile) are checked against the old tables in
tests/test_yamagata_unchanged.py."""

from __future__ import annotations

from sources.profile import PLACES_IN_TEXT_LAYOUT, current_profile
from sources.tables import CellSpan, ExtractedTable
from warehouse.normalize.common import is_table_of
from warehouse.normalize.list_items import list_item_records, prints_names

REVISION = "0" * 64


def _table(
    rows: list[list[str]],
    *,
    kind: str = "data",
    header_rows: int = 1,
    spans: tuple[CellSpan, ...] = (),
    caption: str = "名称の表",
    section: str = "9 試験の節",
) -> ExtractedTable:
    return ExtractedTable(
        id="t900",
        caption=caption,
        section=section,
        kind=kind,
        pages=[3],
        header_rows=header_rows,
        rows=rows,
        spans=list(spans),
    )


def _members() -> list[tuple[str, str]]:
    return [(m.name, m.code) for m in current_profile().region.municipalities[1:3]]


def _read(table: ExtractedTable, *columns: str) -> list[tuple]:
    return [tuple(r[c] for c in columns) for r in list_item_records(table, REVISION)]


def test_a_data_table_that_prints_no_number_is_read_one_that_prints_numbers_is_not() -> None:
    (a, code_a), (b, code_b) = _members()
    names = _table([["市町", "名称"], [a, "東会館、西ホール（大、小）"], [b, "-"]])
    counts_in_text = _table([["市町", "店舗数"], [a, "銀行本店 1・支店 3、農協 2"]])
    counts = _table([["市町", "施設数"], [a, "3"], [b, "4"]])
    assert prints_names(names) and prints_names(counts_in_text) and not prints_names(counts)
    assert prints_names(_table([[a, "東会館"]], kind="list", header_rows=0))
    assert _read(names, "row_label", "seq", "name", "marker", "municipality_code") == [
        (a, 1, "東会館", None, code_a),
        (a, 2, "西ホール（大、小）", None, code_a),
        (b, 1, None, "-", code_b),
    ]
    assert set(_read(names, "column_label", "page", "col_index", "table_id")) == {
        ("名称", 3, 1, "t900")
    }
    assert _read(counts_in_text, "name", "item_text") == [
        ("銀行本店 1・支店 3", "銀行本店 1・支店 3、農協 2"),
        ("農協 2", "銀行本店 1・支店 3、農協 2"),
    ]


def test_a_block_per_municipality_belongs_to_the_member_its_title_names() -> None:
    """Kind school: a `【<member>】` title row over (type | founder | names) rows; a row whose
    founder and names are one merged cell prints its names once."""
    (a, code_a), _ = _members()
    table = _table(
        [[f"【{a}】"] * 3, ["高校", "県立", "東、西"], ["特別支援", "北", "北"]],
        kind="school",
        spans=(CellSpan(0, 0, 1, 3), CellSpan(2, 1, 1, 2)),
    )
    assert prints_names(table)
    assert _read(table, "row_label", "col_index", "name") == [
        ("高校", 1, "県立"),
        ("高校", 2, "東"),
        ("高校", 2, "西"),
        ("特別支援", 1, "北"),
    ]
    located = set(_read(table, "municipality_code", "municipality_name_printed", "row_kind"))
    assert located == {(code_a, a, "municipality")}


def test_a_row_without_a_member_in_its_label_belongs_to_the_one_another_cell_names() -> None:
    """(tier | 所在地 | names): the names belong to the member of the 所在地 cell; the row
    label (the tier) names none."""
    (a, code_a), (b, code_b) = _members()
    table = _table([["区分", "所在地", "名称"], ["三次", a, "東病院、西病院"], [b, "南病院", ""]])
    rows = _read(table, "row_index", "col_index", "name", "municipality_code")
    assert rows == [
        (1, 1, a, None),  # the 所在地 cell itself: the other cells name no member
        (1, 2, "東病院", code_a),
        (1, 2, "西病院", code_a),
        (2, 1, "南病院", code_b),  # a row shifted left: its label is the member
    ]
    # a text that only resembles a member's name is no place (a schedule's `<city>・各市町`)
    schedule = _table([["時期", "内容", "担当"], ["7月", "進捗の報告", f"{a}・各市町"]])
    assert _read(schedule, "municipality_code") == [(None,), (None,)]


def test_a_table_laid_out_places_in_text_gives_each_towns_group_to_the_town() -> None:
    """`市町名：` groups in a cell: each group's items belong to its member, numbered on in
    the cell; a line break between Japanese words separates items there; the text before
    the first group belongs to the row."""
    spec = next(
        s for s in current_profile().tables if s.options.get("layout") == PLACES_IN_TEXT_LAYOUT
    )
    section = spec.section
    (a, code_a), (b, code_b) = _members()
    table = _table(
        [
            ["区分", "路線等"],
            ["バス", f"共通線 {a}：東バス、西線 北バス {b}：南号"],
            ["鉄道", "X 線、Y線"],
        ],
        caption=spec.name,
        section=f"{section.label} {section.title}",
        kind=spec.kind,
    )
    assert is_table_of(spec, table)
    assert _read(table, "row_label", "seq", "name", "municipality_code", "item_text") == [
        ("バス", 1, "共通線", None, "共通線"),
        ("バス", 2, "東バス", code_a, "東バス、西線 北バス"),
        ("バス", 3, "西線", code_a, "東バス、西線 北バス"),
        ("バス", 4, "北バス", code_a, "東バス、西線 北バス"),
        ("バス", 5, "南号", code_b, "南号"),
        ("鉄道", 1, "X 線", None, "X 線、Y線"),
        ("鉄道", 2, "Y線", None, "X 線、Y線"),
    ]
    # without the layout the same cell is one list of the row, line breaks inside names
    plain = _table(table.rows)
    assert _read(plain, "name", "municipality_code") == [
        (f"共通線{a}：東バス", None),
        (f"西線北バス{b}：南号", None),
        ("X 線", None),
        ("Y線", None),
    ]
